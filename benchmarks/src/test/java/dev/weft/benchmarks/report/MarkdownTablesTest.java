package dev.weft.benchmarks.report;

import static dev.weft.benchmarks.report.Samples.m;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MarkdownTablesTest {

    @Test
    void oneRunWithoutParametersHasNeitherRunNorParameterColumns() {
        Comparison c = Comparison.of(List.of(
                m("short", "RendezvousBenchmark", "weftRendezvous", 1022.57, Map.of()),
                m("short", "RendezvousBenchmark", "synchronousQueueVirtual", 1016.06, Map.of()))).get(0);
        assertEquals("""
                ### rendezvous: Rendezvous ping-pong (one message there and back)

                Reference: `synchronousQueueVirtual`, two virtual threads (default scheduler), a SynchronousQueue each way.\
                 Ratio: time relative to the reference measured in the same run (lower is better).

                | contender | score | error | unit | ratio |
                | --- | ---: | ---: | --- | ---: |
                | `synchronousQueueVirtual` (reference) | 1016.1 | ± 101.6 | ns/op | 1.00× |
                | `weftRendezvous` | 1022.6 | ± 102.3 | ns/op | 1.01× |
                """, MarkdownTables.section(c, null));
    }

    @Test
    void runsAndParametersGetColumnsAndAMissingReferenceIsSaid() {
        Measurement nanError = new Measurement("b", "b.json", "WovenCallBenchmark", "woven", new TreeMap<>(Map.of("workload", "fib")),
                "avgt", 9.87654, Double.NaN, "ns/op", "25.0.3", List.of(), "");
        Comparison c = Comparison.of(List.of(
                m("a", "WovenCallBenchmark", "notWoven", 50, Map.of("workload", "fib")),
                m("a", "WovenCallBenchmark", "woven", 100, Map.of("workload", "fib")),
                nanError)).get(0);
        assertEquals("""
                ### woven-call: Woven call overhead (code that never suspends)

                Reference: `notWoven`, the same class file, not woven. Ratio: time relative to the reference measured\
                 in the same run (lower is better).

                ![woven-call: ratio to the reference](woven-call.png)

                | run | workload | contender | score | error | unit | ratio |
                | --- | --- | --- | ---: | ---: | --- | ---: |
                | a | fib | `notWoven` (reference) | 50.00 | ± 5.000 | ns/op | 1.00× |
                | a | fib | `woven` | 100.0 | ± 10.00 | ns/op | 2.00× |
                | b | fib | `woven` | 9.877 | n/a | ns/op | — |

                No ratio for run b at workload=fib: it did not measure the reference `WovenCallBenchmark.notWoven`.
                """, MarkdownTables.section(c, "woven-call.png"));
    }

    @Test
    void aRatioToAnotherReferenceThanTheGroupsSaysWhich() {
        Comparison c = Comparison.of(List.of(
                m("r", "WovenCallBenchmark", "notWoven", 100, Map.of(), "avgt", "ns/op", "25.0.3"),
                m("r", "WovenCallBenchmark", "notWoven", 200, Map.of(), "avgt", "ns/op", "17.0.16"),
                m("r", "WovenCallBenchmark", "woven", 220, Map.of(), "avgt", "ns/op", "17.0.16"))).get(0);
        String section = MarkdownTables.section(c, null);
        assertTrue(section.contains("""
                | `notWoven (JDK 25)` (reference) | 100.0 | ± 10.00 | ns/op | 1.00× |
                | `notWoven (JDK 17)` (reference) | 200.0 | ± 20.00 | ns/op | 1.00× (to `notWoven (JDK 17)`) |
                | `woven (JDK 17)` | 220.0 | ± 22.00 | ns/op | 1.10× (to `notWoven (JDK 17)`) |
                """), section);
    }

    @Test
    void memoryRatiosAreInBytes() {
        Comparison c = Comparison.of(ParkedMemoryText.read(Samples.text(Samples.PARKED), "mem", "mem.txt")).get(0);
        String section = MarkdownTables.section(c, null);
        assertTrue(section.contains("Ratio: bytes relative to the reference"), section);
        assertTrue(section.contains("| `fallback` | 625.3 | n/a | bytes | 0.80× |\n"), section);
    }

    @Test
    void numbersKeepAboutFourSignificantDigits() {
        assertEquals("14199.3", MarkdownTables.number(14199.3));
        assertEquals("311.5", MarkdownTables.number(311.4967));
        assertEquals("30.48", MarkdownTables.number(30.4833));
        assertEquals("0.123", MarkdownTables.number(0.1234));
        assertEquals("-5.000", MarkdownTables.number(-5));
        assertEquals("45.58×", MarkdownTables.ratio(45.5836));
        assertEquals("0.10×", MarkdownTables.ratio(0.1));
        assertEquals("0.078×", MarkdownTables.ratio(0.0775));
    }

    @Test
    void documentListsTheRunsThenEverySection() {
        List<Comparison> cs = Comparison.of(List.of(
                m("short", "SwitchBenchmark", "virtualSingleCarrier", 300, Map.of()),
                m("short", "SwitchBenchmark", "weftLoomYield", 450, Map.of())));
        String doc = MarkdownTables.document(cs, Map.of("switch", "switch.png"));
        assertTrue(doc.startsWith("# weft benchmarks: ratios to the reference contenders\n"), doc);
        assertTrue(doc.contains("""
                | run | files | JDK | settings |
                | --- | --- | --- | --- |
                | short | `short.json` | 25.0.3 | 1 fork |
                """), doc);
        assertTrue(doc.contains("![switch: ratio to the reference](switch.png)"), doc);
        assertTrue(doc.contains("| `weftLoomYield` | 450.0 | ± 45.00 | ns/op | 1.50× |"), doc);
    }
}
