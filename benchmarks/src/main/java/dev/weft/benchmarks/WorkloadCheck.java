package dev.weft.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A cross-check of weft's contenders of workloads 1, 2, 4, 5 and 6 on its two backends (the
 * {@code weftLoom*} methods and the {@code Fallback*Benchmark} classes) for a busy machine,
 * without JMH. Each backend runs in a JVM of its own, one after the other (weft's agent weaves
 * weft's core too, so the two cannot share a JVM), on JDK 25 only; each JVM warms every workload
 * up, then times {@link #ROUNDS_DEFAULT} (or ROUNDS) invocations of its body
 * ({@code SwitchWorkload.weft(backend)} and so on, the same code as the benchmarks) three ways:
 * wall-clock time and CPU time of the calling thread, which is the carrier of every microthread
 * on both backends (medians of the invocations), and CPU time of the whole process, which adds
 * the garbage collector's and the JIT compiler's threads (the mean over all timed invocations:
 * the process's CPU clock ticks too coarsely to time one). Neither CPU time counts time spent
 * preempted by other processes. Prints the times per operation and the fallback / loom ratios.
 *
 * <pre>
 *   java -cp benchmarks/target/weft-benchmarks-VERSION-all.jar dev.weft.benchmarks.WorkloadCheck [ROUNDS]
 * </pre>
 */
public final class WorkloadCheck {
    private static final int ROUNDS_DEFAULT = 10;
    private static final long WARM_UP_NANOS = 5_000_000_000L;
    private static final String RESULT = "RESULT ";
    private static final String[] BACKENDS = {"loom", "fallback"};
    private static long sink;

    /**
     * @param nanosPerUnit 1 for a score in ns per operation, 1e6 in ms
     * @param body the workload's weft body, given the backend
     */
    private record Workload(String name, String unit, int operations, double nanosPerUnit,
            ToLongFunction<String> body) {
    }

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("switch", "ns/switch", SwitchWorkload.SWITCHES, 1, SwitchWorkload::weft),
            new Workload("rendezvous", "ns/round trip", RendezvousWorkload.ROUND_TRIPS, 1, RendezvousWorkload::weft),
            new Workload("spawn", "ns/microthread", SpawnWorkload.COUNT, 1, SpawnWorkload::weft),
            new Workload("skynet", "ms/tree", 1, 1e6, SkynetWorkload::weft),
            new Workload("fan-in", "ns/message", FanInWorkload.MESSAGES, 1, FanInWorkload::weft));

    private WorkloadCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            child(args[1], Integer.parseInt(args[2]));
            return;
        }
        String rounds = args.length > 0 ? args[0] : String.valueOf(ROUNDS_DEFAULT);
        if (!new File(AgentJar.PATH).isFile()) {
            throw new IllegalStateException("weft's agent jar " + AgentJar.PATH + " does not exist; build it:"
                    + " mvn -B -ntp -pl benchmarks -am package -DskipTests");
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Map<String, double[]> results = new HashMap<>();
        for (String backend : BACKENDS) {
            String flags = backend.equals("loom") ? Jvm.EXPORT_VM : Jvm.FALLBACK_AGENT;
            List<String> cmd = List.of(java, Jvm.OPEN_LANG, flags, Jvm.SKYNET_HEAP, "-cp", System.getProperty("java.class.path"),
                    WorkloadCheck.class.getName(), "--child", backend, rounds);
            System.out.println("== " + String.join(" ", cmd));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println(line);
                    if (line.startsWith(RESULT)) {
                        String[] f = line.substring(RESULT.length()).split(" ");
                        results.put(f[0] + " " + f[1], new double[] {Double.parseDouble(f[2]),
                                Double.parseDouble(f[3]), Double.parseDouble(f[4])});
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the " + backend + " JVM failed with exit code " + p.exitValue()
                        + "; its output is above");
            }
        }
        System.out.println();
        System.out.println("| workload | unit | wall: loom | fallback | ratio | carrier CPU: loom | fallback | ratio"
                + " | process CPU: loom | fallback | ratio |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Workload w : WORKLOADS) {
            double[] loom = results.get(w.name + " loom");
            double[] fallback = results.get(w.name + " fallback");
            StringBuilder row = new StringBuilder("| " + w.name + " | " + w.unit + " |");
            for (int i = 0; i < 3; i++) {
                row.append(String.format(Locale.ROOT, " %.1f | %.1f | %.2f× |",
                        loom[i], fallback[i], fallback[i] / loom[i]));
            }
            System.out.println(row);
        }
    }

    private static void child(String backend, int rounds) {
        if (backend.equals("fallback")) {
            FallbackFork.requireWoven(WorkloadCheck.class);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("JDK " + Runtime.version() + ", backend " + backend + ", " + rounds + " timed invocations"
                + " per workload after at least " + WARM_UP_NANOS / 1_000_000_000 + " s and 2 invocations of warm-up");
        for (Workload w : WORKLOADS) {
            long warmEnd = System.nanoTime() + WARM_UP_NANOS;
            for (int i = 0; i < 2 || System.nanoTime() < warmEnd; i++) {
                sink += w.body.applyAsLong(backend);
            }
            double[] wall = new double[rounds];
            double[] thread = new double[rounds];
            double perOperation = w.operations * w.nanosPerUnit;
            long process = os.getProcessCpuTime();
            for (int r = 0; r < rounds; r++) {
                long wallStart = System.nanoTime();
                long threadStart = threads.getCurrentThreadCpuTime();
                sink += w.body.applyAsLong(backend);
                wall[r] = (System.nanoTime() - wallStart) / perOperation;
                thread[r] = (threads.getCurrentThreadCpuTime() - threadStart) / perOperation;
            }
            double processMean = (os.getProcessCpuTime() - process) / (perOperation * rounds);
            System.out.printf(Locale.ROOT, "%s%s %s %.4f %.4f %.4f%n", RESULT, w.name, backend,
                    median(wall), median(thread), processMean);
        }
        System.out.println("(sum of all results, to keep them alive: " + sink + ")");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
