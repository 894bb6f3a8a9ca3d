package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Measurements grouped by workload, run and parameters, each with its ratio to the workload's
 * reference contender of the same run and parameters.
 *
 * <p>The ratio is a time ratio: score / reference score when a lower score is better (JMH's
 * {@code avgt}, {@code sample}, {@code ss}; bytes), reference score / score for throughput
 * ({@code thrpt}). Either way 1.00 is the reference, 2.00 twice its cost, 0.50 half.
 *
 * @param workload the workload
 * @param groups one per run and parameter combination, runs in the order given, parameters in
 *        ascending order (numerically where both values are numbers)
 */
record Comparison(Workload workload, List<Group> groups) {

    /**
     * One run's contenders at one parameter combination.
     *
     * @param run the run
     * @param params the parameters (empty if none)
     * @param reference the reference's row (on the newest JDK if several), or {@code null} if the
     *        run did not measure it
     * @param rows the reference's row first, then the references on other JDKs, then the others
     *        by ascending ratio (then by label)
     */
    record Group(String run, SortedMap<String, String> params, Row reference, List<Row> rows) {
        /** E.g. {@code depth=20}, or {@code ""} without parameters. */
        String paramsLabel() {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    /**
     * @param measurement what was measured
     * @param contender its name in tables and charts: the method, qualified by the class where two
     *        classes of the workload share a method name, by the JDK (e.g. {@code fallbackGenerator
     *        (JDK 17)}) where the group mixes JDK releases, and by the file where still ambiguous
     * @param ratio time ratio to {@code comparedWith}, {@link Double#NaN} without a reference
     * @param isReference whether this is the reference (on its JDK; see {@link #of})
     * @param comparedWith the contender label of the reference it is compared with: the reference
     *        on its own JDK if the run measured one there, else the reference on the newest JDK;
     *        {@code null} without a reference
     */
    record Row(Measurement measurement, String contender, double ratio, boolean isReference, String comparedWith) {
    }

    /**
     * Groups measurements and computes their ratios. A run that measured the reference on several
     * JDKs (e.g. a JDK 17 pass of the fallback contenders beside the JDK 25 run) compares each
     * contender with the reference on its own JDK where there is one, otherwise with the reference
     * on the newest JDK.
     *
     * @param measurements measurements of any number of runs and workloads
     * @return one comparison per workload present, in {@link Workload#TABLE} order, then workloads
     *         of unknown classes in order of first appearance
     * @throws IllegalArgumentException if a run measured a workload's reference twice at the same
     *         parameters on the same JDK, or a contender in another unit than its reference, naming them
     */
    static List<Comparison> of(List<Measurement> measurements) {
        Map<String, Workload> workloads = new LinkedHashMap<>();
        for (Workload w : Workload.TABLE) {
            workloads.put(w.id(), w);
        }
        Map<String, List<Measurement>> byWorkload = new LinkedHashMap<>();
        for (Workload w : Workload.TABLE) {
            byWorkload.put(w.id(), new ArrayList<>());
        }
        for (Measurement m : measurements) {
            Workload w = Workload.of(m.benchmarkClass());
            workloads.putIfAbsent(w.id(), w);
            byWorkload.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(m);
        }
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<String, List<Measurement>> e : byWorkload.entrySet()) {
            if (!e.getValue().isEmpty()) {
                Workload w = workloads.get(e.getKey());
                out.add(new Comparison(w, groups(w, e.getValue())));
            }
        }
        return out;
    }

    private static List<Group> groups(Workload w, List<Measurement> ms) {
        List<String> runs = ms.stream().map(Measurement::run).distinct().toList();
        Map<String, Map<SortedMap<String, String>, List<Measurement>>> byRun = new LinkedHashMap<>();
        for (Measurement m : ms) {
            byRun.computeIfAbsent(m.run(), k -> new HashMap<>()).computeIfAbsent(m.params(), k -> new ArrayList<>()).add(m);
        }
        List<Group> groups = new ArrayList<>();
        for (String run : runs) {
            Map<SortedMap<String, String>, List<Measurement>> byParams = byRun.get(run);
            List<SortedMap<String, String>> paramSets = new ArrayList<>(byParams.keySet());
            paramSets.sort(Comparison::compareParams);
            for (SortedMap<String, String> params : paramSets) {
                groups.add(group(w, run, params, byParams.get(params)));
            }
        }
        return groups;
    }

    private static Group group(Workload w, String run, SortedMap<String, String> params, List<Measurement> ms) {
        // One reference per JDK release: a contender is compared with the reference on its own JDK
        // if the run measured one there, else with the one on the newest JDK (the group's reference).
        Map<String, Measurement> referenceByJdk = new HashMap<>();
        Measurement newest = null;
        for (Measurement m : ms) {
            if (w.isReference(m)) {
                Measurement other = referenceByJdk.put(m.jdkFeature(), m);
                if (other != null) {
                    throw new IllegalArgumentException("run " + run + " measured the reference " + w.referenceName()
                            + (params.isEmpty() ? "" : " at " + params) + " twice on JDK " + m.jdkFeature() + " ("
                            + other.source() + " and " + m.source() + "): a run has one reference per workload and"
                            + " JDK; pass the two files as separate runs");
                }
                if (newest == null || jdkOrder(m) > jdkOrder(newest)) {
                    newest = m;
                }
            }
        }
        Map<Measurement, String> labels = labels(ms);
        List<Row> rows = new ArrayList<>();
        Row referenceRow = null;
        for (Measurement m : ms) {
            Measurement ref = referenceByJdk.getOrDefault(m.jdkFeature(), newest);
            double ratio = ref == null ? Double.NaN : ratio(m, ref);
            Row row = new Row(m, labels.get(m), ratio, referenceByJdk.containsValue(m), ref == null ? null : labels.get(ref));
            rows.add(row);
            if (m == newest) {
                referenceRow = row;
            }
        }
        Row main = referenceRow;
        rows.sort(Comparator.comparing((Row r) -> r != main)
                .thenComparing(r -> !r.isReference())
                .thenComparing(r -> Double.isNaN(r.ratio()) ? Double.MAX_VALUE : r.ratio())
                .thenComparing(Row::contender));
        return new Group(run, params, referenceRow, List.copyOf(rows));
    }

    /** The JDK's feature release as a number for ordering; -1 if unknown. */
    private static int jdkOrder(Measurement m) {
        try {
            return Integer.parseInt(m.jdkFeature());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double ratio(Measurement m, Measurement reference) {
        if (!m.unit().equals(reference.unit()) || m.lowerIsBetter() != reference.lowerIsBetter()) {
            throw new IllegalArgumentException("run " + m.run() + ": " + m.benchmarkClass() + "." + m.method() + " is in "
                    + m.unit() + " (" + m.mode() + ") but its reference " + reference.benchmarkClass() + "."
                    + reference.method() + " is in " + reference.unit() + " (" + reference.mode() + "): run both with"
                    + " the same mode and time unit (JMH -bm, -tu)");
        }
        return m.lowerIsBetter() ? m.score() / reference.score() : reference.score() / m.score();
    }

    private static Map<Measurement, String> labels(List<Measurement> ms) {
        Map<String, Set<String>> classesByMethod = new HashMap<>();
        Set<String> jdks = new HashSet<>();
        for (Measurement m : ms) {
            classesByMethod.computeIfAbsent(m.method(), k -> new HashSet<>()).add(m.benchmarkClass());
            jdks.add(m.jdkFeature());
        }
        Map<Measurement, String> labels = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Measurement m : ms) {
            String label = classesByMethod.get(m.method()).size() > 1 ? m.benchmarkClass() + "." + m.method() : m.method();
            if (jdks.size() > 1) {
                label += " (JDK " + m.jdkFeature() + ")";
            }
            labels.put(m, label);
            uses.merge(label, 1, Integer::sum);
        }
        labels.replaceAll((m, label) -> uses.get(label) > 1 ? label + " [" + m.source() + "]" : label);
        return labels;
    }

    /** Orders parameter sets key by key, numerically where both values are numbers. */
    static int compareParams(SortedMap<String, String> a, SortedMap<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            String x = a.get(key);
            String y = b.get(key);
            if (Objects.equals(x, y)) {
                continue;
            }
            if (x == null) {
                return -1;
            }
            if (y == null) {
                return 1;
            }
            int c;
            try {
                c = Double.compare(Double.parseDouble(x), Double.parseDouble(y));
            } catch (NumberFormatException e) {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
            return x.compareTo(y);
        }
        return 0;
    }

    /** The runs in this comparison, in order. */
    List<String> runs() {
        return groups.stream().map(Group::run).distinct().toList();
    }

    /** The parameter names used in this comparison, sorted. */
    List<String> paramNames() {
        return groups.stream().flatMap(g -> g.params().keySet().stream()).distinct().sorted().toList();
    }
}
