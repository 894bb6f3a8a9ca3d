package dev.weft.benchmarks;

import static dev.weft.benchmarks.SkynetWorkload.BRANCHES;
import static dev.weft.benchmarks.SkynetWorkload.SIZE;
import static dev.weft.benchmarks.SkynetWorkload.check;

import dev.weft.benchmarks.kotlin.KotlinDispatch;
import dev.weft.benchmarks.kotlin.KotlinSkynet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 5, "skynet": a tree of {@link SkynetWorkload#SIZE} leaves,
 * {@link SkynetWorkload#BRANCHES} children per node; each leaf sends its number to its parent,
 * each node sends the sum of its children's; the root's sum is checked. The score is the time of
 * one whole tree (1,111,111 threads of control including the inner nodes).
 *
 * <ul>
 *   <li>{@link #weftLoom}: weft microthreads on the loom backend, a buffered channel per node
 *       ({@link SkynetWorkload#weft}, also the body of {@link FallbackSkynetBenchmark}).</li>
 *   <li>{@link #virtualDefaultScheduler}: raw virtual threads on the JDK's default scheduler, an
 *       {@code ArrayBlockingQueue} per node.</li>
 *   <li>{@link #kotlinSingleThread}: kotlinx.coroutines, each node {@code launch}ed by its
 *       parent, a buffered {@code Channel} per node, on runBlocking's event loop (one thread).</li>
 *   <li>{@link #kotlinDefault}: the same on {@code Dispatchers.Default}.</li>
 * </ul>
 *
 * <p>The fallback backend's contender for the same workload is in {@link FallbackSkynetBenchmark}:
 * it needs forks with weft's agent, these must not have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.EXPORT_VM, Jvm.SKYNET_HEAP})
public class SkynetBenchmark {
    @Benchmark
    public long weftLoom() {
        return SkynetWorkload.weft("loom");
    }

    @Benchmark
    public long virtualDefaultScheduler() throws InterruptedException {
        BlockingQueue<Long> result = new ArrayBlockingQueue<>(1);
        Thread.ofVirtual().start(() -> virtualNode(result, 0, SIZE));
        return check(result.take());
    }

    private static void virtualNode(BlockingQueue<Long> parent, long first, int size) {
        try {
            if (size == 1) {
                parent.put(first);
                return;
            }
            BlockingQueue<Long> children = new ArrayBlockingQueue<>(BRANCHES);
            int childSize = size / BRANCHES;
            for (int i = 0; i < BRANCHES; i++) {
                final long childFirst = first + (long) i * childSize;
                Thread.ofVirtual().start(() -> virtualNode(children, childFirst, childSize));
            }
            long sum = 0;
            for (int i = 0; i < BRANCHES; i++) {
                sum += children.take();
            }
            parent.put(sum);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public long kotlinSingleThread() {
        return check(KotlinSkynet.skynet(KotlinDispatch.SINGLE_THREAD, SIZE, BRANCHES));
    }

    @Benchmark
    public long kotlinDefault() {
        return check(KotlinSkynet.skynet(KotlinDispatch.DEFAULT, SIZE, BRANCHES));
    }
}
