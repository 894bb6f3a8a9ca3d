package dev.weft.benchmarks;

import dev.weft.benchmarks.calls.Checksum;
import dev.weft.benchmarks.calls.ChecksumVia;
import dev.weft.benchmarks.calls.Fib;
import dev.weft.benchmarks.calls.FibVia;
import dev.weft.benchmarks.calls.FibViaInterface;
import dev.weft.fallback.Continuation;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload "woven call": what the fallback weaving costs code that never suspends. The same
 * class file runs twice in one fork: as javac wrote it ({@code notWoven}: the classes of
 * {@link dev.weft.benchmarks.calls}, which the agent never weaves) and as weft's weaver rewrites
 * it ({@code woven}: a copy woven by {@link WovenCopy}, checked to carry the weaver's mark on the
 * methods that matter). Both are called through the same interface, in one of two places
 * ({@code on}):
 *
 * <ul>
 *   <li>{@code on = thread}: from the JMH thread, where no continuation runs. A woven method
 *       entered there runs its plain copy, the code as written, and its calls within the class
 *       go to the class's twins (the weaver's {@code PlainTwins}): what woven code costs on a
 *       plain thread, or on a carrier between strands.</li>
 *   <li>{@code on = continuation}: inside a fallback {@code Continuation}, where a microthread's
 *       code runs on the fallback backend. Woven code runs woven: each call of a woven method
 *       pays the token protocol (a stack lookup, cached per thread, and a few field accesses).
 *       Each invocation makes and runs one continuation (about a tenth of a microsecond, for
 *       both contenders alike, against tens of microseconds of calls).</li>
 * </ul>
 *
 * <ul>
 *   <li>{@code workload = fib}: {@code fib(20)}, recursive, 21,891 calls and nothing else: every
 *       instruction is call overhead. Its recursion is on {@code this}, which the weaver proves
 *       cannot suspend for a receiver of exactly its class, so it runs plain in a continuation too.</li>
 *   <li>{@code workload = fibVia}: the same with its calls on a field ({@code FibVia}), which the
 *       weaver cannot prove: in a continuation every call takes the woven path, but as a call
 *       within the class it goes to the callee's direct twin, which gets the frame stack as an
 *       argument (the weaver's {@code DirectCalls}): a receiver check and a test after the call.</li>
 *   <li>{@code workload = fibViaInterface}: the same with its calls through an interface
 *       ({@code FibViaInterface}), as a call to another class is: the weaver cannot know the
 *       callee, so the call is linked at run time ({@code dev.weft.fallback.Linkage}) to the
 *       twin of the method it selects for the receiver's class, behind a test of that class.</li>
 *   <li>{@code workload = checksum}: a loop of 10,000 calls of a small helper that calls a leaf,
 *       with a dozen arithmetic instructions per element.</li>
 *   <li>{@code workload = checksumVia}: the same with the helper in another class, which is not
 *       woven ({@code ChecksumVia}, {@code Mixer}): each call is linked at run time, finds no
 *       twin, and is made as written behind a test of the receiver's class.</li>
 * </ul>
 *
 * The score is the time of one whole {@code fib(20)} or checksum; the ratio woven / not woven is
 * the overhead. Set-up ends with a full collection, so the thread's frame stack is in the old
 * generation when the measurement starts, as in any program that has run for a while.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.FALLBACK_AGENT})
public class WovenCallBenchmark {
    static final int FIB_N = 20;
    static final int CHECKSUM_N = 10_000;

    @Param({"fib", "fibVia", "fibViaInterface", "checksum", "checksumVia"})
    public String workload;

    @Param({"thread", "continuation"})
    public String on;

    private IntUnaryOperator plain;
    private IntUnaryOperator woven;
    private int n;
    private boolean inContinuation;
    private int result;

    @Setup
    public void setUp() {
        FallbackFork.requireWoven(WovenCallBenchmark.class);
        switch (workload) {
            case "fib" -> {
                plain = new Fib();
                woven = WovenCopy.of(Fib.class, "applyAsInt", "fib");
                n = FIB_N;
            }
            case "fibVia" -> {
                plain = new FibVia();
                woven = WovenCopy.of(FibVia.class, "applyAsInt", "fib");
                n = FIB_N;
            }
            case "fibViaInterface" -> {
                plain = new FibViaInterface();
                woven = WovenCopy.of(FibViaInterface.class, "applyAsInt", "fib");
                n = FIB_N;
            }
            case "checksum" -> {
                plain = new Checksum();
                woven = WovenCopy.of(Checksum.class, "applyAsInt", "checksum", "step");
                n = CHECKSUM_N;
            }
            case "checksumVia" -> {
                plain = new ChecksumVia();
                woven = WovenCopy.of(ChecksumVia.class, "applyAsInt", "checksum");
                n = CHECKSUM_N;
            }
            default -> throw new IllegalArgumentException("unknown workload '" + workload
                    + "': fib, fibVia, fibViaInterface, checksum or checksumVia");
        }
        switch (on) {
            case "thread" -> inContinuation = false;
            case "continuation" -> inContinuation = true;
            default -> throw new IllegalArgumentException("unknown place '" + on + "': thread or continuation");
        }
        int expected = plain.applyAsInt(n);
        int actual = woven.applyAsInt(n);
        if (actual != expected) {
            throw new IllegalStateException("woven " + workload + "(" + n + ") = " + actual + ", not woven = " + expected);
        }
        if (inContinuation && (inContinuation(woven) != expected || inContinuation(plain) != expected)) {
            throw new IllegalStateException(workload + "(" + n + ") in a continuation is not " + expected);
        }
        if (workload.startsWith("fib") && expected != 6765) {
            throw new IllegalStateException("fib(20) = " + expected + ", expected 6765");
        }
        // The calls above made this thread's frame stack; a full collection moves it to the old
        // generation, where a long-running program's stack is. (A reference stored into an old
        // object costs the collector's write barrier; this is what makes a benchmark see it.)
        System.gc();
    }

    @Benchmark
    public int notWoven() {
        return inContinuation ? inContinuation(plain) : plain.applyAsInt(n);
    }

    @Benchmark
    public int woven() {
        return inContinuation ? inContinuation(woven) : woven.applyAsInt(n);
    }

    /** {@code op.applyAsInt(n)} in a new continuation (this class is woven, so its body enters {@code op} properly). */
    private int inContinuation(IntUnaryOperator op) {
        result = -1;
        if (new Continuation(() -> result = op.applyAsInt(n)).run()) {
            throw new IllegalStateException("the workload suspended");
        }
        return result;
    }
}
