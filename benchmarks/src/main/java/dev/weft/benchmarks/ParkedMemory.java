package dev.weft.benchmarks;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.sync.Event;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * Memory per parked thread of control, without JMH: parks {@code COUNT} (default 1,000,000)
 * threads of control that each wait for one shared event, and reports
 * (heap used after full GC with all of them parked − heap used after full GC before the first
 * started) / COUNT, plus a class histogram of what was added (every class with at least
 * COUNT / 2 new instances, i.e. the objects each parked thread of control owns).
 *
 * <pre>
 *   java -cp benchmarks/target/weft-benchmarks-VERSION-all.jar dev.weft.benchmarks.ParkedMemory [COUNT]
 * </pre>
 *
 * Runs each contender in a JVM of its own ({@code -Xmx8g}, or {@code -Dweft.memory.heap=SIZE}),
 * with the {@code java} that runs this launcher:
 * <ul>
 *   <li>{@code virtual}: plain JDK virtual threads on the default scheduler, each in
 *       {@code CountDownLatch.await()} on one shared {@link CountDownLatch} (the baseline);</li>
 *   <li>{@code loom}: weft microthreads on the loom backend, each in
 *       {@link Event#await()} on one shared {@link Event};</li>
 *   <li>{@code fallback}: the same on the fallback backend, in a JVM started with weft's agent
 *       ({@link AgentJar#PATH}).</li>
 * </ul>
 * Nothing else is kept: no array of thread or microthread handles, only what the JDK or weft keeps
 * for a parked thread of control (for weft: the scheduler's record of it, its strand, the event's
 * wait node; for a virtual thread: the thread, its continuation and stack chunk, the latch's
 * queue node).
 */
public final class ParkedMemory {
    static final String[] KINDS = {"virtual", "loom", "fallback"};
    private static final int DEFAULT_COUNT = 1_000_000;
    private static final String RESULT = "RESULT ";

    private ParkedMemory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--child")) {
            child(args[1], Integer.parseInt(args[2]));
            return;
        }
        int count = args.length >= 1 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_COUNT;
        Map<String, Double> perThread = new LinkedHashMap<>();
        for (String kind : KINDS) {
            perThread.put(kind, launch(kind, count));
        }
        double base = perThread.get("virtual");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-9s %14s %10s%n", "contender", "bytes/thread", "vs virtual");
        for (Map.Entry<String, Double> e : perThread.entrySet()) {
            System.out.printf(Locale.ROOT, "%-9s %14.1f %9.2fx%n", e.getKey(), e.getValue(), e.getValue() / base);
        }
    }

    /** Runs one contender in a JVM of its own, echoing its output; returns its bytes per thread of control. */
    private static double launch(String kind, int count) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx" + System.getProperty("weft.memory.heap", "8g"));
        cmd.add(Jvm.OPEN_LANG);
        cmd.add(Jvm.EXPORT_VM);
        if (kind.equals("fallback")) {
            if (!new File(AgentJar.PATH).isFile()) {
                throw new IllegalStateException("weft's agent jar " + AgentJar.PATH + " does not exist; build it:"
                        + " mvn -B -ntp -pl benchmarks -am package -DskipTests");
            }
            cmd.add(Jvm.FALLBACK_AGENT);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ParkedMemory.class.getName());
        cmd.add("--child");
        cmd.add(kind);
        cmd.add(Integer.toString(count));
        System.out.println("== " + kind + ": " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Double result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("   " + line);
                if (line.startsWith(RESULT)) {
                    result = Double.parseDouble(line.substring(RESULT.length()).trim());
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException("the " + kind + " run failed (exit code " + exit + "); its output is above");
        }
        return result;
    }

    private static void child(String kind, int count) throws Exception {
        System.out.println("JDK " + Runtime.version() + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB, " + count + " threads of control");
        switch (kind) {
            case "virtual" -> virtual(count);
            case "loom", "fallback" -> weft(kind, count);
            default -> throw new IllegalArgumentException("unknown contender '" + kind + "'; one of virtual, loom, fallback");
        }
    }

    private static void virtual(int count) throws Exception {
        Snapshot before = Snapshot.take();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger parked = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            Thread.ofVirtual().start(() -> {
                parked.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                ended.incrementAndGet();
            });
        }
        while (parked.get() < count) {
            Thread.sleep(10);
        }
        Thread.sleep(500); // the last ones between their increment and their park
        report(before, Snapshot.take(), count);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ended.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (ended.get() != count) {
            throw new IllegalStateException("only " + ended.get() + " of " + count + " virtual threads ended");
        }
    }

    private static void weft(String backend, int count) {
        int[] parked = {0};
        int[] ended = {0};
        Scheduler scheduler = Scheduler.builder().backend(backend).build();
        System.out.println("weft backend: " + scheduler.backend());
        scheduler.run(() -> {
            Snapshot before = Snapshot.take();
            Event release = new Event();
            for (int i = 0; i < count; i++) {
                Microthread.start(() -> {
                    parked[0]++;
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    ended[0]++;
                });
            }
            Microthread.yield(); // FIFO: every new microthread runs to its await before this one runs again
            if (parked[0] != count) {
                throw new IllegalStateException(parked[0] + " of " + count + " microthreads reached their await");
            }
            report(before, Snapshot.take(), count);
            release.set();
        });
        if (ended[0] != count) {
            throw new IllegalStateException("only " + ended[0] + " of " + count + " microthreads ended");
        }
    }

    private static void report(Snapshot before, Snapshot after, int count) {
        double perThread = (after.used - before.used) / (double) count;
        System.out.printf(Locale.ROOT, "heap used after full GC: %,d bytes before, %,d bytes parked%n",
                before.used, after.used);
        System.out.printf(Locale.ROOT, "classes with >= %,d new instances (bytes per thread of control):%n", count / 2);
        double listed = 0;
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(after.histogram.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        for (Map.Entry<String, long[]> row : rows) {
            long[] was = before.histogram.getOrDefault(row.getKey(), new long[2]);
            long instances = row.getValue()[0] - was[0];
            long bytes = row.getValue()[1] - was[1];
            if (instances >= count / 2) {
                listed += bytes / (double) count;
                System.out.printf(Locale.ROOT, "  %8.1f  %5.2f per thread  %s (%,d bytes each)%n",
                        bytes / (double) count, instances / (double) count, row.getKey(),
                        instances == 0 ? 0 : bytes / instances);
            }
        }
        System.out.printf(Locale.ROOT, "  %8.1f  listed; the rest (%.1f) is in classes with fewer instances%n",
                listed, perThread - listed);
        System.out.printf(Locale.ROOT, "%s%.1f%n", RESULT, perThread);
    }

    /** Heap used after full GCs (repeated until it stops shrinking), and the live class histogram. */
    private record Snapshot(long used, Map<String, long[]> histogram) {
        static Snapshot take() {
            long used = usedAfterGc();
            Map<String, long[]> histogram = classHistogram();
            return new Snapshot(used, histogram);
        }

        private static long usedAfterGc() {
            long previous = Long.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                System.gc();
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (used >= previous - previous / 1000) {
                    return Math.min(used, previous);
                }
                previous = used;
            }
            return previous;
        }

        /** {@code jcmd PID GC.class_histogram}, in process: class name to {instances, bytes}. */
        private static Map<String, long[]> classHistogram() {
            String text;
            try {
                text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {new String[0]}, new String[] {String[].class.getName()});
            } catch (Exception e) {
                throw new IllegalStateException("cannot take a class histogram (GC.class_histogram)", e);
            }
            Map<String, long[]> result = new HashMap<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                // "num:  #instances  #bytes  class name (module)"
                if (f.length >= 4 && f[0].endsWith(":") && Character.isDigit(f[0].charAt(0))) {
                    result.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
            return result;
        }
    }
}
