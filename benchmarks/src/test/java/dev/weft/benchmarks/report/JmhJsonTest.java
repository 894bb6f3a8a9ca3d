package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhJsonTest {

    @Test
    void readsEveryRecordOfARealResultFile() {
        List<Measurement> ms = JmhJson.read(Samples.text(Samples.JMH), "short", "short.json");
        assertEquals(4, ms.size());

        Measurement floor = ms.get(0);
        assertEquals("short", floor.run());
        assertEquals("short.json", floor.source());
        assertEquals("SwitchBenchmark", floor.benchmarkClass());
        assertEquals("virtualSingleCarrier", floor.method());
        assertEquals(Map.of(), floor.params());
        assertEquals("avgt", floor.mode());
        assertEquals(311.49670006338033, floor.score());
        assertEquals(1036.769330572752, floor.error());
        assertEquals("ns/op", floor.unit());
        assertEquals("25.0.3", floor.jdk());
        assertEquals("25", floor.jdkFeature());
        assertEquals("1 fork, 2 × 1 s warm-up, 3 × 1 s measured", floor.settings());
        assertTrue(floor.lowerIsBetter());

        Measurement weft = ms.get(1);
        assertEquals("weftLoomYield", weft.method());
        assertEquals(List.of(451.95647162162163, 451.433686036036, 436.8514047826087), weft.iterations());

        Measurement generator = ms.get(2);
        assertEquals("GeneratorBenchmark", generator.benchmarkClass());
        assertEquals("rawContinuation", generator.method());
        assertEquals(Map.of("depth", "20"), generator.params());
        assertEquals(232.64537711146048, generator.score());
    }

    @Test
    void nanErrorOfASingleIterationReadsAsNaN() {
        Measurement single = JmhJson.read(Samples.text(Samples.JMH), "short", "short.json").get(3);
        assertEquals("platformThreads", single.method());
        assertEquals(9338.5, single.score());
        assertTrue(Double.isNaN(single.error()));
        assertEquals(List.of(9338.5), single.iterations());
        assertEquals("1 fork, 2 × 1 s warm-up, 1 × 1 s measured", single.settings());
    }

    @Test
    void throughputIsHigherIsBetter() {
        String json = """
                [{"benchmark": "a.B.c", "mode": "thrpt",
                  "primaryMetric": {"score": 5, "scoreError": 1, "scoreUnit": "ops/s"}}]""";
        Measurement m = JmhJson.read(json, "r", "r.json").get(0);
        assertEquals("B", m.benchmarkClass());
        assertEquals("c", m.method());
        assertEquals("", m.jdk());
        assertEquals("", m.settings());
        assertEquals(List.of(), m.iterations());
        assertEquals(false, m.lowerIsBetter());
    }

    @Test
    void wrongShapesAreNamedWithFileRecordAndField() {
        assertEquals("x.json is not a JMH result file (-rf json): it should be a JSON array of results, but is a object",
                message("{}"));
        assertEquals("x.json, result #1: should be a JSON object, but is a number", message("[1]"));
        assertEquals("x.json, result #1: \"benchmark\" should be a string, but is missing", message("[{}]"));
        assertEquals("x.json, result #1: \"benchmark\" should be CLASS.METHOD, but is \"nodot\"",
                message("[{\"benchmark\": \"nodot\"}]"));
        assertEquals("x.json, result #1 (B.c): no \"primaryMetric\" object",
                message("[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]"));
        assertEquals("x.json, result #1 (B.c): \"primaryMetric.score\" should be a number, but is a string (fast)",
                message("[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": \"fast\"}}]"));
        assertTrue(message("[1,").startsWith("x.json is not a JMH result file (-rf json): not valid JSON at line 1,"));
    }

    private static String message(String json) {
        return assertThrows(IllegalArgumentException.class, () -> JmhJson.read(json, "x", "x.json")).getMessage();
    }
}
