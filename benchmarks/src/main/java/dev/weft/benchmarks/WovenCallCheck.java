package dev.weft.benchmarks;

import dev.weft.benchmarks.calls.Checksum;
import dev.weft.benchmarks.calls.ChecksumVia;
import dev.weft.benchmarks.calls.Fib;
import dev.weft.benchmarks.calls.FibVia;
import dev.weft.benchmarks.calls.FibViaInterface;
import dev.weft.fallback.Continuation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * A cross-check of {@link WovenCallBenchmark} for a busy machine, without JMH: the woven and the
 * not-woven copy of each workload run in alternating blocks (ABBA) in one JVM, each block timed in
 * <em>thread CPU time</em>, so time the benchmark thread spends preempted by other processes is
 * not counted (JMH measures wall-clock time). Reports the median and quartiles of the time per
 * call of each, and the ratio of the medians, on this thread and inside a continuation.
 *
 * <pre>
 *   java -cp benchmarks/target/weft-benchmarks-VERSION-all.jar:fallback-backend/target/weft-fallback-VERSION.jar \
 *       dev.weft.benchmarks.WovenCallCheck [ROUNDS]
 * </pre>
 *
 * The weaver comes from the fallback jar on the class path; no agent is needed (nothing else is
 * woven). It does not replace JMH (no forks, no dead-code guard beyond summing the results); it
 * only tells whether the JMH ratios are the weaving or the neighbours.
 */
public final class WovenCallCheck {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private WovenCallCheck() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        System.out.println("JDK " + Runtime.version() + ", thread CPU time, " + rounds + " rounds of ABBA blocks");
        IntUnaryOperator fib = WovenCopy.of(Fib.class, "applyAsInt", "fib");
        IntUnaryOperator fibVia = WovenCopy.of(FibVia.class, "applyAsInt", "fib");
        IntUnaryOperator fibViaInterface = WovenCopy.of(FibViaInterface.class, "applyAsInt", "fib");
        IntUnaryOperator checksum = WovenCopy.of(Checksum.class, "applyAsInt", "checksum", "step");
        IntUnaryOperator checksumVia = WovenCopy.of(ChecksumVia.class, "applyAsInt", "checksum");
        for (boolean inContinuation : new boolean[] {false, true}) {
            String on = inContinuation ? " (continuation)" : " (thread)";
            check("fib" + on, new Fib(), fib, WovenCallBenchmark.FIB_N, 200, rounds, inContinuation);
            check("fibVia" + on, new FibVia(), fibVia, WovenCallBenchmark.FIB_N, 200, rounds, inContinuation);
            check("fibViaInterface" + on, new FibViaInterface(), fibViaInterface, WovenCallBenchmark.FIB_N, 200, rounds,
                    inContinuation);
            check("checksum" + on, new Checksum(), checksum, WovenCallBenchmark.CHECKSUM_N, 200, rounds,
                    inContinuation);
            check("checksumVia" + on, new ChecksumVia(), checksumVia, WovenCallBenchmark.CHECKSUM_N, 200, rounds,
                    inContinuation);
        }
        System.out.println("(sum of all results, to keep them alive: " + sink + ")");
    }

    private static void check(String name, IntUnaryOperator plain, IntUnaryOperator woven, int n, int calls, int rounds,
            boolean inContinuation) {
        if (plain.applyAsInt(n) != woven.applyAsInt(n)) {
            throw new IllegalStateException(name + ": the woven copy computes another value");
        }
        // warm-up: both compiled by C2 before the first timed block
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            blockPlain(plain, n, calls, inContinuation);
            blockWoven(woven, n, calls, inContinuation);
        }
        System.gc(); // the thread's frame stack to the old generation, as in WovenCallBenchmark
        double[] p = new double[2 * rounds];
        double[] w = new double[2 * rounds];
        for (int r = 0; r < rounds; r++) {
            p[2 * r] = blockPlain(plain, n, calls, inContinuation);
            w[2 * r] = blockWoven(woven, n, calls, inContinuation);
            w[2 * r + 1] = blockWoven(woven, n, calls, inContinuation);
            p[2 * r + 1] = blockPlain(plain, n, calls, inContinuation);
        }
        Arrays.sort(p);
        Arrays.sort(w);
        System.out.printf(Locale.ROOT, "%-8s not woven %9.1f ns (quartiles %.1f–%.1f), woven %9.1f ns (quartiles"
                        + " %.1f–%.1f): ratio of medians %.3f%n", name, median(p), p[p.length / 4],
                p[3 * p.length / 4], median(w), w[w.length / 4], w[3 * w.length / 4], median(w) / median(p));
    }

    // Two copies of the timed loop, so that each call site sees only its own variant's classes.

    /**
     * CPU time of one call of a not-woven workload, averaged over {@code calls} calls, made on
     * this thread or inside one continuation. (Nothing but the workload is woven here: the loop,
     * unwoven, enters the woven copy improperly inside a continuation, which costs one barrier
     * store per call of the workload, not per call inside it.)
     */
    private static double blockPlain(IntUnaryOperator op, int n, int calls, boolean inContinuation) {
        long start = THREADS.getCurrentThreadCpuTime();
        if (inContinuation) {
            new Continuation(() -> loopPlain(op, n, calls)).run();
        } else {
            loopPlain(op, n, calls);
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / (double) calls;
    }

    /** The same for a woven workload. */
    private static double blockWoven(IntUnaryOperator op, int n, int calls, boolean inContinuation) {
        long start = THREADS.getCurrentThreadCpuTime();
        if (inContinuation) {
            new Continuation(() -> loopWoven(op, n, calls)).run();
        } else {
            loopWoven(op, n, calls);
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / (double) calls;
    }

    private static void loopPlain(IntUnaryOperator op, int n, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += op.applyAsInt(n);
        }
        sink += sum;
    }

    private static void loopWoven(IntUnaryOperator op, int n, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += op.applyAsInt(n);
        }
        sink += sum;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
