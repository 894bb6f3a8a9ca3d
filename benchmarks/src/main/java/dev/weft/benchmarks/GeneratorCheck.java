package dev.weft.benchmarks;

import dev.weft.Generator;
import dev.weft.Scheduler;
import dev.weft.benchmarks.calls.JdkGenerator;
import dev.weft.fallback.Continuation;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A cross-check of the generator round trip ({@link GeneratorBenchmark#rawContinuation},
 * {@link FallbackGeneratorBenchmark}) for a busy machine, without JMH: the JDK's continuation, a
 * bare fallback {@link Continuation} and a weft {@link Generator} on the fallback backend, at
 * depth 1 and 20, in ONE JVM with weft's agent, in alternating blocks of 10,000 values (as one
 * JMH invocation), each block timed in <em>thread CPU time</em>, so time spent preempted by other
 * processes does not count. Prints the median CPU time per value and the ratios to the JDK's.
 *
 * <pre>
 *   java -cp benchmarks/target/weft-benchmarks-VERSION-all.jar dev.weft.benchmarks.GeneratorCheck [ROUNDS]
 * </pre>
 *
 * Starts the measuring JVM itself, with {@link Jvm#FALLBACK_AGENT} (the JDK generator lives in a
 * package the agent does not weave).
 */
public final class GeneratorCheck {
    private static final int VALUES = GeneratorBenchmark.VALUES;
    private static final Integer VALUE = GeneratorDepth.VALUE;
    private static final String[] CONTENDERS = {"jdkContinuation", "fallbackContinuation", "fallbackGenerator"};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;
    private static Object slot;

    private GeneratorCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            FallbackFork.requireWoven(GeneratorCheck.class);
            int rounds = Integer.parseInt(args[1]);
            System.out.println("JDK " + Runtime.version() + ", thread CPU time, " + rounds + " rounds, "
                    + VALUES + " values per block");
            for (int depth : new int[] {1, 20}) {
                check(depth, rounds);
            }
            System.out.println("(checksum of all values: " + sink + ")");
            return;
        }
        if (!new File(AgentJar.PATH).isFile()) {
            throw new IllegalStateException("weft's agent jar " + AgentJar.PATH + " does not exist; build it:"
                    + " mvn -B -ntp -pl benchmarks -am package -DskipTests");
        }
        List<String> cmd = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                Jvm.OPEN_LANG, Jvm.EXPORT_VM, Jvm.FALLBACK_AGENT, "-cp", System.getProperty("java.class.path"),
                GeneratorCheck.class.getName(), "--child", args.length > 0 ? args[0] : "60"));
        int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the measuring JVM failed with exit code " + exit + "; its output is above");
        }
    }

    private static void check(int depth, int rounds) {
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (int c = 0; c < CONTENDERS.length; c++) {
                block(c, depth);
            }
        }
        double[][] times = new double[CONTENDERS.length][2 * rounds];
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < CONTENDERS.length; c++) { // forwards, then backwards: ABCCBA
                times[c][2 * r] = block(c, depth);
            }
            for (int c = CONTENDERS.length - 1; c >= 0; c--) {
                times[c][2 * r + 1] = block(c, depth);
            }
        }
        double jdk = median(times[0]);
        for (int c = 0; c < CONTENDERS.length; c++) {
            double[] t = times[c];
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "depth %2d  %-21s %8.1f ns per value (quartiles %.1f–%.1f)  %5.2fx the JDK's%n",
                    depth, CONTENDERS[c], median(t), t[t.length / 4], t[3 * t.length / 4], median(t) / jdk);
        }
    }

    /** CPU time per value of one block of {@link #VALUES} values from contender {@code c}. */
    private static double block(int c, int depth) {
        long start = THREADS.getCurrentThreadCpuTime();
        switch (c) {
            case 0 -> jdkContinuation(depth);
            case 1 -> fallbackContinuation(depth);
            default -> fallbackGenerator(depth);
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / (double) VALUES;
    }

    private static void jdkContinuation(int depth) {
        JdkGenerator g = new JdkGenerator(depth);
        long sum = 0;
        for (int i = 0; i < VALUES; i++) {
            sum += (Integer) g.next();
        }
        sink += sum;
    }

    private static void fallbackContinuation(int depth) {
        Continuation c = new Continuation(() -> descend(depth));
        long sum = 0;
        for (int i = 0; i < VALUES; i++) {
            c.run();
            sum += (Integer) slot;
        }
        c.discard();
        sink += sum;
    }

    private static void descend(int d) {
        if (d > 1) {
            descend(d - 1);
            return;
        }
        while (true) {
            slot = VALUE;
            Continuation.suspend();
        }
    }

    private static void fallbackGenerator(int depth) {
        long[] sum = {0};
        Scheduler.builder().backend("fallback").build().run(() -> {
            try (Generator<Integer> g = Generator.of(y -> GeneratorDepth.descend(y, depth))) {
                Iterator<Integer> it = g.iterator();
                for (int i = 0; i < VALUES; i++) {
                    sum[0] += it.next();
                }
            }
        });
        sink += sum[0];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
