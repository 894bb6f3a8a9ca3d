package dev.weft.benchmarks;

import dev.weft.Generator;
import dev.weft.Scheduler;
import dev.weft.fallback.Continuation;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload 3, "generator round trip", on the fallback backend: the same work as
 * {@link GeneratorBenchmark} (whose {@code rawContinuation} is the JDK's own
 * {@code jdk.internal.vm.Continuation}, the reference), the same {@link #depth} parameter, in
 * forks started with weft's agent, which weaves this class and weft as they load.
 *
 * <ul>
 *   <li>{@link #fallbackGenerator}: a weft {@link Generator} iterated by a microthread on the
 *       fallback backend (the generator's body runs nested in the microthread's strand).</li>
 *   <li>{@link #fallbackContinuation}: a bare {@link Continuation} of woven code, run and
 *       suspended by hand on the benchmark thread, the value passed through a field: the floor
 *       of the fallback mechanism, and the exact counterpart of {@code rawContinuation}.</li>
 * </ul>
 *
 * Depth 1: the body calls a method that yields in a loop; depth 20: twenty nested calls, the
 * innermost yields in a loop. Unlike the JDK's continuation, which copies stack chunks, a woven
 * frame saves and restores itself one by one, so every value pays for all {@code depth} frames.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.FALLBACK_AGENT})
public class FallbackGeneratorBenchmark {
    /** Values per invocation, as in {@link GeneratorBenchmark}. */
    static final int VALUES = GeneratorBenchmark.VALUES;
    private static final Integer VALUE = GeneratorDepth.VALUE;

    @Param({"1", "20"})
    public int depth;

    /** The bare contender's hand-over slot (written by the continuation, read by its runner). */
    private Object slot;

    @Setup
    public void requireAgent() {
        FallbackFork.requireWoven(FallbackGeneratorBenchmark.class);
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void fallbackGenerator(Blackhole bh) {
        final int d = depth;
        Scheduler.builder().backend("fallback").build().run(() -> {
            try (Generator<Integer> g = Generator.of(y -> GeneratorDepth.descend(y, d))) {
                Iterator<Integer> it = g.iterator();
                for (int i = 0; i < VALUES; i++) {
                    bh.consume(it.next());
                }
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void fallbackContinuation(Blackhole bh) {
        final int d = depth;
        Continuation c = new Continuation(() -> descend(d));
        for (int i = 0; i < VALUES; i++) {
            c.run();
            bh.consume(slot);
        }
        c.discard();
    }

    private void descend(int d) {
        if (d > 1) {
            descend(d - 1);
            return;
        }
        while (true) {
            slot = VALUE;
            Continuation.suspend();
        }
    }
}
