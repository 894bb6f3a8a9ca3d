package dev.weft.benchmarks.report;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Collections;

/**
 * One measured contender: one JMH result record (a benchmark method with one combination of
 * parameters), or one line of {@code ParkedMemory}'s summary.
 *
 * @param run the run it belongs to (see {@link Charts}: a file's name without extension, or a
 *        directory's name); ratios are only taken between measurements of the same run
 * @param source the file it was read from, for messages
 * @param benchmarkClass the benchmark class's simple name, e.g. {@code SwitchBenchmark}
 * @param method the contender, e.g. {@code weftLoomYield}
 * @param params JMH parameters ({@code @Param}) by name, e.g. {@code depth=20}; empty if none
 * @param mode JMH's mode ({@code avgt}, {@code thrpt}, {@code sample}, {@code ss}), or
 *        {@code memory} for {@code ParkedMemory}
 * @param score the score, in {@code unit}
 * @param error JMH's 99.9 % confidence half-width, or {@link Double#NaN} where there is none
 * @param unit e.g. {@code ns/op}
 * @param jdk the JDK version the contender ran on, e.g. {@code 25.0.3}, or {@code ""} if unknown
 * @param iterations the measured iteration values, all forks in order; empty if unknown
 * @param settings how it was measured, in words (forks, warm-up and measured iterations)
 */
record Measurement(
        String run,
        String source,
        String benchmarkClass,
        String method,
        SortedMap<String, String> params,
        String mode,
        double score,
        double error,
        String unit,
        String jdk,
        List<Double> iterations,
        String settings) {

    Measurement {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(benchmarkClass, "benchmarkClass");
        Objects.requireNonNull(method, "method");
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(jdk, "jdk");
        iterations = List.copyOf(iterations);
        Objects.requireNonNull(settings, "settings");
    }

    /** {@code true} if a lower score is better (time per operation, bytes), {@code false} for throughput. */
    boolean lowerIsBetter() {
        return !mode.equals("thrpt");
    }

    /** The JDK's feature release, e.g. {@code 25} for {@code 25.0.3}, or {@code jdk} itself if it does not start with one. */
    String jdkFeature() {
        int end = 0;
        while (end < jdk.length() && Character.isDigit(jdk.charAt(end))) {
            end++;
        }
        return end == 0 ? jdk : jdk.substring(0, end);
    }
}
