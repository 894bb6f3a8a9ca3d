package dev.weft.benchmarks;

import static dev.weft.benchmarks.RendezvousWorkload.MESSAGE;
import static dev.weft.benchmarks.RendezvousWorkload.ROUND_TRIPS;

import dev.weft.Channel;
import dev.weft.benchmarks.kotlin.KotlinDispatch;
import dev.weft.benchmarks.kotlin.KotlinRendezvous;
import java.util.concurrent.SynchronousQueue;
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
 * Workload 2, "rendezvous ping-pong": a driver sends a message to an echo over one rendezvous
 * channel and receives it back over another; the score is the time of ONE round trip.
 *
 * <ul>
 *   <li>{@link #weftRendezvous}: two weft microthreads on the loom backend,
 *       {@link Channel#rendezvous()} both ways ({@link RendezvousWorkload#weft}, also the body
 *       of {@link FallbackRendezvousBenchmark}).</li>
 *   <li>{@link #synchronousQueueVirtual}: two virtual threads on the JDK's default scheduler,
 *       {@link SynchronousQueue} both ways.</li>
 *   <li>{@link #kotlinSingleThread}: two kotlinx.coroutines coroutines on runBlocking's event
 *       loop (one thread), a rendezvous {@code Channel} both ways.</li>
 *   <li>{@link #kotlinDefault}: the same on {@code Dispatchers.Default}.</li>
 * </ul>
 *
 * The message is one preallocated object, so no contender pays for boxing.
 *
 * <p>The fallback backend's contender for the same workload is in
 * {@link FallbackRendezvousBenchmark}: it needs forks with weft's agent, these must not have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.EXPORT_VM})
public class RendezvousBenchmark {
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int weftRendezvous() {
        return RendezvousWorkload.weft("loom");
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void synchronousQueueVirtual() throws InterruptedException {
        SynchronousQueue<Object> ping = new SynchronousQueue<>();
        SynchronousQueue<Object> pong = new SynchronousQueue<>();
        Thread echo = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException("echo interrupted", e);
            }
        });
        Thread driver = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ping.put(MESSAGE);
                    if (pong.take() != MESSAGE) {
                        throw new IllegalStateException("wrong message");
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException("driver interrupted", e);
            }
        });
        driver.join();
        echo.join();
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int kotlinSingleThread() {
        return KotlinRendezvous.rendezvousPingPong(KotlinDispatch.SINGLE_THREAD, ROUND_TRIPS);
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int kotlinDefault() {
        return KotlinRendezvous.rendezvousPingPong(KotlinDispatch.DEFAULT, ROUND_TRIPS);
    }
}
