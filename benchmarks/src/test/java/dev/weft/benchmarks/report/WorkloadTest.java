package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.junit.jupiter.api.Test;

/**
 * {@link Workload#TABLE} against the benchmarks this module really has: JMH's list of them
 * ({@code META-INF/BenchmarkList}, written by JMH's annotation processor when the main classes
 * compiled), so that a benchmark class added or renamed without its table entry fails the build,
 * not the report after a run.
 */
class WorkloadTest {

    @Test
    void everyBenchmarkClassBelongsToAWorkloadWithAReference() throws IOException {
        List<String> missing = new ArrayList<>();
        for (BenchmarkListEntry e : benchmarks()) {
            String cls = simpleName(e.getUserClassQName());
            if (Workload.of(cls).reference() == null && !missing.contains(cls)) {
                missing.add(cls);
            }
        }
        assertEquals(List.of(), missing, "benchmark classes missing from Workload.TABLE");
    }

    @Test
    void everyWorkloadsReferenceIsABenchmarkOfItsFirstClass() throws IOException {
        List<String> names = benchmarks().stream().map(e -> simpleName(e.getUserClassQName()) + "."
                + e.getUsername().substring(e.getUserClassQName().length() + 1)).toList();
        for (Workload w : Workload.TABLE) {
            if (!w.classes().get(0).equals(ParkedMemoryText.CLASS)) {
                assertTrue(names.contains(w.referenceName()), w.referenceName() + " is not a benchmark: " + names);
            }
        }
    }

    @Test
    void everyClassOfAWorkloadMeasuresInItsReferencesModeUnitAndParameters() throws IOException {
        Map<String, String> settingsByClass = new LinkedHashMap<>();
        for (BenchmarkListEntry e : benchmarks()) {
            Map<String, List<String>> params = new TreeMap<>();
            e.getParams().orElse(Map.of()).forEach((k, v) -> params.put(k, Arrays.asList(v)));
            String settings = e.getMode().shortLabel() + " " + e.getTimeUnit().orElse(null) + " " + params;
            String before = settingsByClass.putIfAbsent(simpleName(e.getUserClassQName()), settings);
            assertTrue(before == null || before.equals(settings), e.getUsername() + ": " + settings + " vs " + before);
        }
        int compared = 0;
        for (Workload w : Workload.TABLE) {
            String reference = settingsByClass.get(w.classes().get(0));
            for (String cls : w.classes().subList(1, w.classes().size())) {
                assertNotNull(settingsByClass.get(cls), cls + " has no benchmark");
                assertEquals(reference, settingsByClass.get(cls), cls + " vs " + w.classes().get(0));
                compared++;
            }
        }
        assertEquals(6, compared, "the fallback classes of workloads 1 to 6");
    }

    @Test
    void fallbackClassesBelongToTheirLoomClassesWorkload() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("FallbackSwitchBenchmark", "switch");
        expected.put("FallbackRendezvousBenchmark", "rendezvous");
        expected.put("FallbackGeneratorBenchmark", "generator");
        expected.put("FallbackSpawnBenchmark", "spawn");
        expected.put("FallbackSkynetBenchmark", "skynet");
        expected.put("FallbackFanInBenchmark", "fan-in");
        expected.forEach((cls, id) -> {
            Workload w = Workload.of(cls);
            assertEquals(id, w.id(), cls);
            assertEquals(cls, "Fallback" + w.classes().get(0), cls);
        });
    }

    private static List<BenchmarkListEntry> benchmarks() throws IOException {
        try (InputStream in = WorkloadTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(in, BenchmarkList.BENCHMARK_LIST + " is missing: JMH's annotation processor did not run");
            List<BenchmarkListEntry> all = BenchmarkList.readBenchmarkList(in);
            assertTrue(all.size() > 20, "only " + all.size() + " benchmarks listed");
            return all;
        }
    }

    private static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }
}
