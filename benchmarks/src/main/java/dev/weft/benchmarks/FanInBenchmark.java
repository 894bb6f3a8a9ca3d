package dev.weft.benchmarks;

import static dev.weft.benchmarks.FanInWorkload.CAPACITY;
import static dev.weft.benchmarks.FanInWorkload.MESSAGES;
import static dev.weft.benchmarks.FanInWorkload.PER_PRODUCER;
import static dev.weft.benchmarks.FanInWorkload.PRODUCERS;
import static dev.weft.benchmarks.FanInWorkload.check;

import dev.weft.Channel;
import dev.weft.benchmarks.kotlin.KotlinDispatch;
import dev.weft.benchmarks.kotlin.KotlinFanIn;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * Workload 6, "fan-in": {@link FanInWorkload#PRODUCERS} producers each send
 * {@link FanInWorkload#PER_PRODUCER} messages into one buffered channel of capacity
 * {@link FanInWorkload#CAPACITY}; one consumer receives all {@link FanInWorkload#MESSAGES} and
 * checks their sum. The score is the time per message.
 *
 * <ul>
 *   <li>{@link #weftLoom}: weft microthreads on the loom backend and a buffered {@link Channel}
 *       ({@link FanInWorkload#weft}, also the body of {@link FallbackFanInBenchmark}).</li>
 *   <li>{@link #virtualDefaultScheduler}: virtual threads on the JDK's default scheduler and an
 *       {@code ArrayBlockingQueue}.</li>
 *   <li>{@link #platformThreads}: platform threads and the same queue.</li>
 *   <li>{@link #kotlinSingleThread}: kotlinx.coroutines on runBlocking's event loop (one
 *       thread) and a buffered {@code Channel}.</li>
 *   <li>{@link #kotlinDefault}: the same on {@code Dispatchers.Default}.</li>
 * </ul>
 *
 * <p>The fallback backend's contender for the same workload is in {@link FallbackFanInBenchmark}:
 * it needs forks with weft's agent, these must not have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.EXPORT_VM})
public class FanInBenchmark {
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long weftLoom() {
        return FanInWorkload.weft("loom");
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long virtualDefaultScheduler() throws InterruptedException {
        return queueFanIn(Thread.ofVirtual());
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long platformThreads() throws InterruptedException {
        return queueFanIn(Thread.ofPlatform());
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long kotlinSingleThread() {
        return check(KotlinFanIn.fanIn(KotlinDispatch.SINGLE_THREAD, PRODUCERS, PER_PRODUCER, CAPACITY));
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long kotlinDefault() {
        return check(KotlinFanIn.fanIn(KotlinDispatch.DEFAULT, PRODUCERS, PER_PRODUCER, CAPACITY));
    }

    private static long queueFanIn(Thread.Builder builder) throws InterruptedException {
        BlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = builder.start(() -> {
                try {
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        q.put(i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        long sum = 0;
        for (int i = 0; i < MESSAGES; i++) {
            sum += q.take();
        }
        for (Thread t : producers) {
            t.join();
        }
        return check(sum);
    }
}
