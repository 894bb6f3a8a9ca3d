package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Charts.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDirectoryIsOneRunAndGetsChartsIndexAndTables(@TempDir File tmp) throws Exception {
        File run = new File(tmp, "2026-11-30-short");
        Files.createDirectories(run.toPath());
        Files.writeString(new File(run, "jmh.json").toPath(), Samples.text(Samples.JMH));
        Files.writeString(new File(run, "parked-memory.txt").toPath(), Samples.text(Samples.PARKED));
        Files.writeString(new File(run, "notes.txt").toPath(), "not a ParkedMemory output");
        File charts = new File(tmp, "charts");
        Files.createDirectories(charts.toPath());
        Files.writeString(new File(charts, "skynet.png").toPath(), "stale chart of an older run");
        Files.writeString(new File(charts, "mine.png").toPath(), "not a workload's chart");

        assertEquals(0, run("--charts", charts.getPath(), run.getPath()), err());

        assertEquals(List.of("README.md", "generator.png", "mine.png", "parked-memory.png", "switch.png"),
                List.of(charts.list()).stream().sorted().toList());
        String index = Files.readString(new File(charts, "README.md").toPath());
        assertTrue(index.contains("| 2026-11-30-short | `" + new File(run, "jmh.json").getPath() + "`, `"
                + new File(run, "parked-memory.txt").getPath() + "` | 25.0.3 |"), index);
        assertTrue(index.contains("![switch: ratio to the reference](switch.png)"), index);
        assertTrue(out().contains("| `weftLoomYield` | 446.7 | ± 156.4 | ns/op | 1.43× |"), out());
        assertTrue(out().contains("| `platformThreads` | 9338.5 | n/a | ns/op | 29.98× |"), out());
        assertFalse(out().contains("!["), "stdout has the tables only, no images");
        assertTrue(err().contains("skipped " + new File(run, "notes.txt") + " (not a ParkedMemory output)"), err());
        assertTrue(err().contains("wrote 3 charts and README.md to " + charts), err());
    }

    @Test
    void filesAreRunsOfTheirOwnNamedWithoutExtension(@TempDir File tmp) throws Exception {
        File a = new File(tmp, "first.json");
        File b = new File(tmp, "second.json");
        Files.writeString(a.toPath(), Samples.text(Samples.JMH));
        Files.writeString(b.toPath(), Samples.text(Samples.JMH));
        assertEquals(0, run("--charts", new File(tmp, "charts").getPath(), a.getPath(), b.getPath()), err());
        assertTrue(out().contains("| first | `virtualSingleCarrier` (reference) |"), out());
        assertTrue(out().contains("| second | `virtualSingleCarrier` (reference) |"), out());
    }

    @Test
    void badArgumentsPrintTheUsage() {
        assertEquals(2, run());
        assertTrue(err().startsWith("Charts: no run given\nusage: Charts [--charts DIR] RUN..."), err());
        err.reset();
        assertEquals(2, run("--colour", "x.json"));
        assertTrue(err().startsWith("Charts: unknown option --colour\nusage:"), err());
        err.reset();
        assertEquals(2, run("x.json", "--charts"));
        assertTrue(err().startsWith("Charts: --charts needs a directory\nusage:"), err());
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("usage: Charts"), out());
    }

    @Test
    void unreadableInputIsNamed(@TempDir File tmp) throws Exception {
        File missing = new File(tmp, "missing.json");
        assertEquals(1, run("--charts", tmp.getPath(), missing.getPath()));
        assertEquals("Charts: " + missing + " does not exist (expected a JMH result file, a ParkedMemory output or a"
                + " directory of them)\n", err());
        err.reset();
        File empty = new File(tmp, "empty");
        Files.createDirectories(empty.toPath());
        assertEquals(1, run("--charts", tmp.getPath(), empty.getPath()));
        assertEquals("Charts: " + empty + " holds no JMH result (*.json) and no ParkedMemory output (*.txt): nothing"
                + " to chart\n", err());
        err.reset();
        File broken = new File(tmp, "broken.json");
        Files.writeString(broken.toPath(), "[{");
        assertEquals(1, run("--charts", tmp.getPath(), broken.getPath()));
        assertTrue(err().startsWith("Charts: " + broken + " is not a JMH result file (-rf json): not valid JSON"), err());
    }
}
