package dev.weft.benchmarks;

import static dev.weft.benchmarks.SwitchWorkload.ROUNDS;
import static dev.weft.benchmarks.SwitchWorkload.SWITCHES;

import dev.weft.Microthread;
import dev.weft.benchmarks.kotlin.KotlinDispatch;
import dev.weft.benchmarks.kotlin.KotlinSwitch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 1, "switch": two threads of control hand the processor to each other; the score is the
 * time of ONE switch (one side stops, the other runs).
 *
 * <ul>
 *   <li>{@link #weftLoomYield}: two weft microthreads on the loom backend, each calling
 *       {@link Microthread#yield()} in a loop; strict alternation is checked
 *       ({@link SwitchWorkload#weft}, also the body of {@link FallbackSwitchBenchmark}).</li>
 *   <li>{@link #virtualSingleCarrier}: two raw virtual threads on {@link SingleCarrier}, handing
 *       off with park/unpark: the floor weft's loom backend can approach.</li>
 *   <li>{@link #virtualDefaultScheduler}: the same hand-off on the JDK's default virtual-thread
 *       scheduler (a ForkJoinPool with one carrier per core).</li>
 *   <li>{@link #platformThreads}: the same hand-off between two platform threads.</li>
 *   <li>{@link #kotlinSingleThread}: two kotlinx.coroutines coroutines, each calling
 *       {@code yield()} in a loop, on runBlocking's event loop (one thread); strict alternation
 *       is checked.</li>
 *   <li>{@link #kotlinDefault}: the same on {@code Dispatchers.Default} (one worker per core:
 *       the two sides may run at the same time, each yield is a re-dispatch to the pool).</li>
 * </ul>
 *
 * Each invocation creates its scheduler or threads and performs {@link SwitchWorkload#SWITCHES}
 * switches.
 *
 * <p>The fallback backend's contender for the same workload is in {@link FallbackSwitchBenchmark}:
 * it needs forks with weft's agent, these must not have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.EXPORT_VM})
public class SwitchBenchmark {
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int weftLoomYield() {
        return SwitchWorkload.weft("loom");
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void virtualSingleCarrier() {
        SingleCarrier carrier = new SingleCarrier();
        HandOff h = new HandOff();
        h.start(carrier.newThread(h::sideA), carrier.newThread(h::sideB));
        carrier.runUntilIdle();
        h.check();
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void virtualDefaultScheduler() throws InterruptedException {
        HandOff h = new HandOff();
        h.start(Thread.ofVirtual().unstarted(h::sideA), Thread.ofVirtual().unstarted(h::sideB));
        h.join();
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void platformThreads() throws InterruptedException {
        HandOff h = new HandOff();
        h.start(Thread.ofPlatform().unstarted(h::sideA), Thread.ofPlatform().unstarted(h::sideB));
        h.join();
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int kotlinSingleThread() {
        return KotlinSwitch.yieldPingPong(KotlinDispatch.SINGLE_THREAD, ROUNDS);
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int kotlinDefault() {
        return KotlinSwitch.yieldPingPong(KotlinDispatch.DEFAULT, ROUNDS);
    }

    /**
     * Strict alternation of two threads with LockSupport: a side runs only on its turn, passes the
     * turn, unparks the other and parks. The turn makes it immune to spurious wake-ups.
     */
    static final class HandOff {
        private volatile boolean turnOfA = true;
        private Thread a;
        private Thread b;
        private int roundsA;
        private int roundsB;

        void start(Thread a, Thread b) {
            this.a = a;
            this.b = b;
            a.start();
            b.start();
        }

        void sideA() {
            for (int i = 0; i < ROUNDS; i++) {
                while (!turnOfA) {
                    LockSupport.park(this);
                }
                turnOfA = false;
                roundsA++;
                LockSupport.unpark(b);
            }
        }

        void sideB() {
            for (int i = 0; i < ROUNDS; i++) {
                while (turnOfA) {
                    LockSupport.park(this);
                }
                turnOfA = true;
                roundsB++;
                LockSupport.unpark(a);
            }
        }

        void join() throws InterruptedException {
            a.join();
            b.join();
            check();
        }

        void check() {
            if (roundsA != ROUNDS || roundsB != ROUNDS) {
                throw new IllegalStateException("hand-off incomplete: " + roundsA + " / " + roundsB + " of " + ROUNDS);
            }
        }
    }
}
