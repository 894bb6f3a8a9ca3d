package dev.weft.benchmarks.report;

import static dev.weft.benchmarks.report.Samples.m;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void ratiosAreToTheReferenceOfTheSameRunReferenceFirstThenAscending() {
        List<Comparison> cs = Comparison.of(List.of(
                m("a", "SwitchBenchmark", "platformThreads", 4000, Map.of()),
                m("a", "SwitchBenchmark", "weftLoomYield", 300, Map.of()),
                m("a", "SwitchBenchmark", "virtualSingleCarrier", 200, Map.of()),
                m("b", "SwitchBenchmark", "virtualSingleCarrier", 400, Map.of()),
                m("b", "SwitchBenchmark", "weftLoomYield", 300, Map.of())));
        assertEquals(1, cs.size());
        Comparison c = cs.get(0);
        assertEquals("switch", c.workload().id());
        assertEquals(List.of("a", "b"), c.runs());
        assertEquals(2, c.groups().size());

        Comparison.Group a = c.groups().get(0);
        assertEquals("a", a.run());
        assertEquals(List.of("virtualSingleCarrier", "weftLoomYield", "platformThreads"), contenders(a));
        assertEquals(List.of(1.0, 1.5, 20.0), ratios(a));
        assertSame(a.rows().get(0), a.reference());
        assertTrue(a.reference().isReference());

        Comparison.Group b = c.groups().get(1);
        assertEquals(List.of(1.0, 0.75), ratios(b)); // to b's own reference (400), not a's (200)
    }

    @Test
    void fallbackGeneratorContendersShareTheGeneratorReferenceByParameters() {
        List<Comparison> cs = Comparison.of(List.of(
                m("r", "FallbackGeneratorBenchmark", "fallbackContinuation", 100, Map.of("depth", "1")),
                m("r", "FallbackGeneratorBenchmark", "fallbackContinuation", 550, Map.of("depth", "20")),
                m("r", "GeneratorBenchmark", "rawContinuation", 200, Map.of("depth", "1")),
                m("r", "GeneratorBenchmark", "rawContinuation", 250, Map.of("depth", "20")),
                m("r", "GeneratorBenchmark", "weftGenerator", 800, Map.of("depth", "1"))));
        Comparison c = cs.get(0);
        assertEquals("generator", c.workload().id());
        assertEquals(List.of("depth"), c.paramNames());
        assertEquals("depth=1", c.groups().get(0).paramsLabel());
        assertEquals(List.of("rawContinuation", "fallbackContinuation", "weftGenerator"), contenders(c.groups().get(0)));
        assertEquals(List.of(1.0, 0.5, 4.0), ratios(c.groups().get(0)));
        assertEquals("depth=20", c.groups().get(1).paramsLabel());
        assertEquals(List.of(1.0, 2.2), ratios(c.groups().get(1)));
    }

    @Test
    void workloadsComeInTableOrderAndUnknownClassesLast() {
        List<Comparison> cs = Comparison.of(List.of(
                m("r", "MyNewBenchmark", "x", 1, Map.of()),
                m("r", "WovenCallBenchmark", "notWoven", 2, Map.of("workload", "fib")),
                m("r", "RendezvousBenchmark", "weftRendezvous", 3, Map.of())));
        assertEquals(List.of("rendezvous", "woven-call", "my-new"), cs.stream().map(c -> c.workload().id()).toList());
        Comparison unknown = cs.get(2);
        assertNull(unknown.workload().reference());
        assertNull(unknown.groups().get(0).reference());
        assertTrue(Double.isNaN(unknown.groups().get(0).rows().get(0).ratio()));
    }

    @Test
    void aRunWithoutTheReferenceHasNoRatios() {
        Comparison c = Comparison.of(List.of(m("r", "SpawnBenchmark", "weftLoom", 10, Map.of()))).get(0);
        assertNull(c.groups().get(0).reference());
        assertTrue(Double.isNaN(c.groups().get(0).rows().get(0).ratio()));
    }

    @Test
    void throughputRatiosAreTimeRatios() {
        Comparison c = Comparison.of(List.of(
                m("r", "FanInBenchmark", "virtualDefaultScheduler", 1000, Map.of(), "thrpt", "ops/s", "25"),
                m("r", "FanInBenchmark", "weftLoom", 4000, Map.of(), "thrpt", "ops/s", "25"))).get(0);
        assertEquals(List.of(1.0, 0.25), ratios(c.groups().get(0)));
    }

    @Test
    void aContenderInAnotherUnitThanItsReferenceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Comparison.of(List.of(
                m("r", "SkynetBenchmark", "virtualDefaultScheduler", 1000, Map.of(), "avgt", "ms/op", "25"),
                m("r", "SkynetBenchmark", "weftLoom", 4000, Map.of(), "avgt", "us/op", "25"))));
        assertEquals("run r: SkynetBenchmark.weftLoom is in us/op (avgt) but its reference"
                + " SkynetBenchmark.virtualDefaultScheduler is in ms/op (avgt): run both with the same mode and time"
                + " unit (JMH -bm, -tu)", e.getMessage());
    }

    @Test
    void aReferenceMeasuredTwiceInOneRunIsRefused() {
        Measurement first = m("dir", "RendezvousBenchmark", "synchronousQueueVirtual", 1, Map.of());
        Measurement second = new Measurement("dir", "other.json", "RendezvousBenchmark", "synchronousQueueVirtual",
                new TreeMap<>(), "avgt", 2, 0, "ns/op", "25.0.3", List.of(), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Comparison.of(List.of(first, second)));
        assertEquals("run dir measured the reference RendezvousBenchmark.synchronousQueueVirtual twice on JDK 25"
                + " (dir.json and other.json): a run has one reference per workload and JDK; pass the two files as"
                + " separate runs", e.getMessage());
    }

    @Test
    void labelsNameTheJdkWhereAGroupMixesJdks() {
        Comparison c = Comparison.of(List.of(
                m("r", "WovenCallBenchmark", "notWoven", 100, Map.of(), "avgt", "ns/op", "25.0.3"),
                m("r", "WovenCallBenchmark", "woven", 110, Map.of(), "avgt", "ns/op", "25.0.3"),
                m("r", "WovenCallBenchmark", "woven", 130, Map.of(), "avgt", "ns/op", "17.0.16"))).get(0);
        assertEquals(List.of("notWoven (JDK 25)", "woven (JDK 25)", "woven (JDK 17)"), contenders(c.groups().get(0)));
        assertEquals(List.of(1.0, 1.1, 1.3), ratios(c.groups().get(0)));
    }

    @Test
    void eachJdkHasItsReferenceAndAJdkWithoutOneUsesTheNewest() {
        Comparison woven = Comparison.of(List.of(
                m("r", "WovenCallBenchmark", "notWoven", 100, Map.of(), "avgt", "ns/op", "25.0.3"),
                m("r", "WovenCallBenchmark", "woven", 150, Map.of(), "avgt", "ns/op", "25.0.3"),
                m("r", "WovenCallBenchmark", "notWoven", 200, Map.of(), "avgt", "ns/op", "17.0.16"),
                m("r", "WovenCallBenchmark", "woven", 220, Map.of(), "avgt", "ns/op", "17.0.16"))).get(0);
        Comparison.Group g = woven.groups().get(0);
        assertEquals("notWoven (JDK 25)", g.reference().contender());
        assertEquals(List.of("notWoven (JDK 25)", "notWoven (JDK 17)", "woven (JDK 17)", "woven (JDK 25)"), contenders(g));
        assertEquals(List.of(1.0, 1.0, 1.1, 1.5), ratios(g));
        assertEquals(List.of("notWoven (JDK 25)", "notWoven (JDK 17)", "notWoven (JDK 17)", "notWoven (JDK 25)"),
                g.rows().stream().map(Comparison.Row::comparedWith).toList());
        assertEquals(List.of(true, true, false, false), g.rows().stream().map(Comparison.Row::isReference).toList());

        Comparison generator = Comparison.of(List.of(
                m("r", "GeneratorBenchmark", "rawContinuation", 200, Map.of(), "avgt", "ns/op", "25.0.3"),
                m("r", "FallbackGeneratorBenchmark", "fallbackContinuation", 300, Map.of(), "avgt", "ns/op", "17.0.16")))
                .get(0);
        Comparison.Group h = generator.groups().get(0);
        assertEquals(List.of(1.0, 1.5), ratios(h));
        assertEquals("rawContinuation (JDK 25)", h.rows().get(1).comparedWith());
    }

    @Test
    void fallbackContendersOnJdk25And17AreComparedWithTheLoomClassesReference() {
        Comparison c = Comparison.of(List.of(
                m("r", "SkynetBenchmark", "virtualDefaultScheduler", 2000, Map.of(), "avgt", "ms/op", "25.0.3"),
                m("r", "SkynetBenchmark", "weftLoom", 3000, Map.of(), "avgt", "ms/op", "25.0.3"),
                m("r", "FallbackSkynetBenchmark", "weftFallback", 1000, Map.of(), "avgt", "ms/op", "25.0.3"),
                m("r", "FallbackSkynetBenchmark", "weftFallback", 5000, Map.of(), "avgt", "ms/op", "17.0.16")))
                .get(0);
        assertEquals("skynet", c.workload().id());
        Comparison.Group g = c.groups().get(0);
        assertEquals(List.of("virtualDefaultScheduler (JDK 25)", "weftFallback (JDK 25)", "weftLoom (JDK 25)",
                "weftFallback (JDK 17)"), contenders(g));
        assertEquals(List.of(1.0, 0.5, 1.5, 2.5), ratios(g));
        assertEquals(List.of("virtualDefaultScheduler (JDK 25)"),
                g.rows().stream().map(Comparison.Row::comparedWith).distinct().toList());
    }

    @Test
    void labelsNameTheClassWhereTwoClassesShareAMethodAndTheFileWhereStillAmbiguous() {
        Measurement again = new Measurement("r", "again.json", "GeneratorBenchmark", "weftGenerator", new TreeMap<>(),
                "avgt", 300, 0, "ns/op", "25.0.3", List.of(), "");
        Comparison c = Comparison.of(List.of(
                m("r", "GeneratorBenchmark", "rawContinuation", 100, Map.of()),
                m("r", "FallbackGeneratorBenchmark", "weftGenerator", 200, Map.of()),
                m("r", "GeneratorBenchmark", "weftGenerator", 400, Map.of()),
                again)).get(0);
        assertEquals(List.of("rawContinuation", "FallbackGeneratorBenchmark.weftGenerator",
                "GeneratorBenchmark.weftGenerator [again.json]", "GeneratorBenchmark.weftGenerator [r.json]"),
                contenders(c.groups().get(0)));
    }

    @Test
    void parametersSortNumericallyThenAsText() {
        Comparison c = Comparison.of(List.of(
                m("r", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "10")),
                m("r", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "2")),
                m("r", "GeneratorBenchmark", "rawContinuation", 1, Map.of("depth", "abc")))).get(0);
        assertEquals(List.of("depth=2", "depth=10", "depth=abc"),
                c.groups().stream().map(Comparison.Group::paramsLabel).toList());
    }

    private static List<String> contenders(Comparison.Group g) {
        return g.rows().stream().map(Comparison.Row::contender).toList();
    }

    private static List<Double> ratios(Comparison.Group g) {
        return g.rows().stream().map(Comparison.Row::ratio).toList();
    }
}
