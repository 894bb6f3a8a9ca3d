package dev.weft.benchmarks;

import static dev.weft.benchmarks.SpawnWorkload.COUNT;

import dev.weft.benchmarks.kotlin.KotlinDispatch;
import dev.weft.benchmarks.kotlin.KotlinSpawn;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 4, "spawn": start {@link SpawnWorkload#COUNT} threads of control that each yield once, then join
 * them all; the score is the time per thread of control (start + one yield + end + join).
 *
 * <ul>
 *   <li>{@link #weftLoom}: weft microthreads on the loom backend ({@link SpawnWorkload#weft},
 *       also the body of {@link FallbackSpawnBenchmark}).</li>
 *   <li>{@link #virtualSingleCarrier}: raw virtual threads on {@link SingleCarrier} (the floor
 *       under weft's loom backend).</li>
 *   <li>{@link #virtualDefaultScheduler}: raw virtual threads on the JDK's default scheduler.</li>
 *   <li>{@link #kotlinSingleThread}: kotlinx.coroutines {@code launch { yield() }} on
 *       runBlocking's event loop (one thread), then {@code join()} of each job.</li>
 *   <li>{@link #kotlinDefault}: the same on {@code Dispatchers.Default}.</li>
 * </ul>
 * Platform threads are left out: 100,000 of them per invocation measure the operating system.
 *
 * <p>The fallback backend's contender for the same workload is in {@link FallbackSpawnBenchmark}:
 * it needs forks with weft's agent, these must not have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.EXPORT_VM})
public class SpawnBenchmark {
    @Benchmark
    @OperationsPerInvocation(COUNT)
    public int weftLoom() {
        return SpawnWorkload.weft("loom");
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void virtualSingleCarrier() throws InterruptedException {
        SingleCarrier carrier = new SingleCarrier();
        Thread[] all = new Thread[COUNT];
        for (int i = 0; i < COUNT; i++) {
            all[i] = carrier.newThread(Thread::yield);
            all[i].start();
        }
        carrier.runUntilIdle();
        for (Thread t : all) {
            t.join(); // already ended: the carrier ran every continuation to its end
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void virtualDefaultScheduler() throws InterruptedException {
        Thread[] all = new Thread[COUNT];
        for (int i = 0; i < COUNT; i++) {
            all[i] = Thread.ofVirtual().start(Thread::yield);
        }
        for (Thread t : all) {
            t.join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public int kotlinSingleThread() {
        return KotlinSpawn.spawnAndJoin(KotlinDispatch.SINGLE_THREAD, COUNT);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public int kotlinDefault() {
        return KotlinSpawn.spawnAndJoin(KotlinDispatch.DEFAULT, COUNT);
    }
}
