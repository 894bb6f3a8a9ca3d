package dev.weft.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A workload: what is measured, by which benchmark classes, and which contender every other is
 * compared with.
 *
 * @param id short name, also the chart's file name ({@code ID.png}), e.g. {@code switch}
 * @param title what one operation is, for headings, e.g. {@code Switch (one thread of control stops, the other runs)}
 * @param classes the benchmark classes (simple names) whose methods are its contenders; the first
 *        holds the reference
 * @param reference the reference contender's method in {@code classes.get(0)}, or {@code null} if
 *        there is none (a class the table does not know)
 * @param referenceDescription the reference in words, e.g. {@code two raw virtual threads on a single-carrier executor}
 */
record Workload(String id, String title, List<String> classes, String reference, String referenceDescription) {

    Workload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("workload " + id + " has no benchmark class");
        }
        Objects.requireNonNull(referenceDescription, "referenceDescription");
    }

    /**
     * The reference contenders, one per workload (issue "weft 3": "the ratio to the reference
     * contender measured in the same run"). Each is the JDK's own mechanism that weft's contenders
     * replace, on the JDK the benchmarks run on:
     * <ul>
     *   <li>switch: raw virtual threads on a single-carrier executor, the floor for a switch on one
     *       carrier thread;</li>
     *   <li>rendezvous: virtual threads and {@code SynchronousQueue};</li>
     *   <li>generator: a bare {@code jdk.internal.vm.Continuation};</li>
     *   <li>spawn, skynet, fan-in: virtual threads on the JDK's default scheduler, what a program
     *       without weft would use;</li>
     *   <li>woven call: the same class file not woven;</li>
     *   <li>parked memory: a JDK virtual thread parked on a {@code CountDownLatch}.</li>
     * </ul>
     * The fallback backend's contenders of workloads 1 to 6 are in a second class named
     * {@code Fallback} + the first class's name (e.g. {@code FallbackSwitchBenchmark}), whose forks
     * start with weft's agent; they are compared with the same reference.
     */
    static final List<Workload> TABLE = List.of(
            new Workload("switch", "Switch (one thread of control stops, the other runs)",
                    List.of("SwitchBenchmark", "FallbackSwitchBenchmark"), "virtualSingleCarrier",
                    "two raw virtual threads on a single-carrier executor"),
            new Workload("rendezvous", "Rendezvous ping-pong (one message there and back)",
                    List.of("RendezvousBenchmark", "FallbackRendezvousBenchmark"), "synchronousQueueVirtual",
                    "two virtual threads (default scheduler), a SynchronousQueue each way"),
            new Workload("generator", "Generator round trip (ask for a value, get it)",
                    List.of("GeneratorBenchmark", "FallbackGeneratorBenchmark"), "rawContinuation",
                    "a bare jdk.internal.vm.Continuation run and yielded by hand"),
            new Workload("spawn", "Spawn (start a thread of control that yields once, and join it)",
                    List.of("SpawnBenchmark", "FallbackSpawnBenchmark"), "virtualDefaultScheduler",
                    "virtual threads on the JDK's default scheduler"),
            new Workload("skynet", "Skynet (a tree of 1,111,111 threads of control summing their numbers)",
                    List.of("SkynetBenchmark", "FallbackSkynetBenchmark"), "virtualDefaultScheduler",
                    "virtual threads on the JDK's default scheduler"),
            new Workload("fan-in", "Fan-in (1,000 producers, one consumer, one buffered channel)",
                    List.of("FanInBenchmark", "FallbackFanInBenchmark"), "virtualDefaultScheduler",
                    "virtual threads on the JDK's default scheduler and an ArrayBlockingQueue"),
            new Workload("woven-call", "Woven call overhead (code that never suspends)",
                    List.of("WovenCallBenchmark"), "notWoven",
                    "the same class file, not woven"),
            new Workload("parked-memory", "Bytes per parked thread of control",
                    List.of(ParkedMemoryText.CLASS), "virtual",
                    "a JDK virtual thread parked on a CountDownLatch"));

    /**
     * The workload a benchmark class belongs to: its entry in {@link #TABLE}, or, for a class the
     * table does not list, a workload of its own without a reference (id: the class name without
     * {@code Benchmark}, in lower case with dashes, e.g. {@code FooBar} → {@code foo-bar}).
     */
    static Workload of(String benchmarkClass) {
        for (Workload w : TABLE) {
            if (w.classes.contains(benchmarkClass)) {
                return w;
            }
        }
        String base = benchmarkClass.endsWith("Benchmark") && benchmarkClass.length() > "Benchmark".length()
                ? benchmarkClass.substring(0, benchmarkClass.length() - "Benchmark".length())
                : benchmarkClass;
        String id = base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return new Workload(id, benchmarkClass, List.of(benchmarkClass), null,
                "none: " + benchmarkClass + " is not in dev.weft.benchmarks.report.Workload.TABLE");
    }

    /** {@code true} if {@code m} is this workload's reference contender. */
    boolean isReference(Measurement m) {
        return reference != null && m.benchmarkClass().equals(classes.get(0)) && m.method().equals(reference);
    }

    /** The reference as CLASS.METHOD, or {@code null}. */
    String referenceName() {
        return reference == null ? null : classes.get(0) + "." + reference;
    }
}
