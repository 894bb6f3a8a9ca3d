package dev.weft.benchmarks;

import dev.weft.Generator;
import dev.weft.Scheduler;
import dev.weft.benchmarks.kotlin.KotlinGenerator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload 3, "generator round trip": the consumer asks for a value, the producer runs until it
 * yields one from {@link #depth} frames below its body, and control comes back; the score is the
 * time of ONE value.
 *
 * <ul>
 *   <li>{@link #weftGenerator}: a weft {@link Generator} iterated by a microthread on the loom
 *       backend.</li>
 *   <li>{@link #rawContinuation}: a bare {@code jdk.internal.vm.Continuation}, run and yielded
 *       by hand on the benchmark thread, the value passed through a field: the floor for a
 *       stackful generator on this JDK.</li>
 *   <li>{@link #kotlinSequence}: a kotlin {@code sequence {}} iterated on the benchmark thread,
 *       yielding from a chain of suspend functions (stackless: each frame is a continuation
 *       object, and only the innermost is resumed per value). No dispatcher is involved, so there
 *       is one Kotlin contender here, not two.</li>
 * </ul>
 *
 * Depth 1: the body calls a method that yields in a loop; depth 20: twenty nested calls, the
 * innermost yields in a loop (the other nineteen frames stay on the suspended stack).
 *
 * <p>The fallback backend's contenders for the same workload are in
 * {@link FallbackGeneratorBenchmark}: they need forks with weft's agent, these must not have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.EXPORT_VM})
public class GeneratorBenchmark {
    /** Values per invocation. */
    static final int VALUES = 10_000;
    private static final Integer VALUE = GeneratorDepth.VALUE;
    private static final ContinuationScope SCOPE = new ContinuationScope("weft-benchmark");

    @Param({"1", "20"})
    public int depth;

    /** The raw contender's hand-over slot (written by the continuation, read by its runner). */
    private Object slot;

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void weftGenerator(Blackhole bh) {
        final int d = depth;
        Scheduler.builder().backend("loom").build().run(() -> {
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
    public void rawContinuation(Blackhole bh) {
        final int d = depth;
        Continuation c = new Continuation(SCOPE, () -> descend(d));
        for (int i = 0; i < VALUES; i++) {
            c.run();
            bh.consume(slot);
        }
        // Abandoned unfinished: a bare continuation is plain heap, collected with its stack.
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void kotlinSequence(Blackhole bh) {
        Iterator<Integer> it = KotlinGenerator.sequenceIterator(depth, VALUE);
        Integer last = null;
        for (int i = 0; i < VALUES; i++) {
            last = it.next();
            bh.consume(last);
        }
        if (!VALUE.equals(last)) {
            throw new IllegalStateException("kotlin sequence yielded " + last + ", expected " + VALUE);
        }
    }

    private void descend(int d) {
        if (d > 1) {
            descend(d - 1);
            return;
        }
        while (true) {
            slot = VALUE;
            Continuation.yield(SCOPE);
        }
    }
}
