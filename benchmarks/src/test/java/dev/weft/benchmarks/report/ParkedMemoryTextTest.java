package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkedMemoryTextTest {

    @Test
    void readsTheSummaryRowsWithJdkAndCount() {
        String text = Samples.text(Samples.PARKED);
        assertTrue(ParkedMemoryText.looksLikeParkedMemory(text));
        List<Measurement> ms = ParkedMemoryText.read(text, "mem", "mem.txt");
        assertEquals(List.of("virtual", "loom", "fallback"), ms.stream().map(Measurement::method).toList());
        assertEquals(List.of(779.9, 1220.8, 625.3), ms.stream().map(Measurement::score).toList());
        Measurement virtual = ms.get(0);
        assertEquals("ParkedMemory", virtual.benchmarkClass());
        assertEquals("memory", virtual.mode());
        assertEquals("bytes", virtual.unit());
        assertEquals("25.0.3", virtual.jdk());
        assertEquals(Map.of(), virtual.params());
        assertTrue(Double.isNaN(virtual.error()));
        assertEquals("one JVM per contender, 1000000 threads of control", virtual.settings());
        assertTrue(virtual.lowerIsBetter());
    }

    @Test
    void aRunCutShortHasNoSummaryAndSaysSo() {
        String text = "== virtual: java ...\n   JDK 25.0.3+9-LTS, max heap 8192 MiB, 1000 threads of control\n   RESULT 779.9\n";
        assertFalse(ParkedMemoryText.looksLikeParkedMemory(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParkedMemoryText.read(text, "mem", "mem.txt"));
        assertTrue(e.getMessage().startsWith("mem.txt has no ParkedMemory summary"), e.getMessage());
    }

    @Test
    void theLastSummaryWins() {
        String text = """
                contender   bytes/thread vs virtual
                virtual            100.0      1.00x

                contender   bytes/thread vs virtual
                virtual            200.0      1.00x
                loom               300.0      1.50x
                trailing words
                """;
        List<Measurement> ms = ParkedMemoryText.read(text, "mem", "mem.txt");
        assertEquals(List.of(200.0, 300.0), ms.stream().map(Measurement::score).toList());
        assertEquals("", ms.get(0).jdk());
        assertEquals("one JVM per contender", ms.get(0).settings());
    }
}
