package dev.weft.difftest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The differential run: {@code weft.difftest.count} random programs (2000 by default in the pom, 1000 without the property) on loom
 * and on fallback, in this JVM; every program must log identical events on both. There is no
 * list of tolerated differences: a program whose events differ fails the run, and the report
 * gives its seed and a shrunk program.
 *
 * <p>The base seed is random per run, so CI explores new programs, and printed, so a run can be
 * repeated: {@code -Dweft.difftest.baseSeed=B}. A failure prints each differing program's seed;
 * {@code -Dweft.difftest.seed=S} runs that program alone.
 */
class DifferentialTest {
    private static DiffRunner runner;

    @BeforeAll
    static void startRunner() {
        runner = new DiffRunner();
    }

    @AfterAll
    static void stopRunner() {
        runner.close();
    }

    @Test
    void everyProgramLogsTheSameEventsOnLoomAndFallback() {
        String replay = System.getProperty("weft.difftest.seed");
        List<Long> seeds = new ArrayList<>();
        if (replay != null && !replay.isBlank()) {
            seeds.add(Long.parseLong(replay.trim()));
            System.out.println("[difftest] replaying seed " + seeds.get(0));
        } else {
            int count = Integer.getInteger("weft.difftest.count", 1000);
            String given = System.getProperty("weft.difftest.baseSeed");
            long base = given != null && !given.isBlank() ? Long.parseLong(given.trim()) : ThreadLocalRandom.current().nextLong();
            System.out.println("[difftest] base seed " + base + ", " + count + " programs (program i has seed base + i);"
                    + " repeat this run with -Dweft.difftest.baseSeed=" + base);
            for (int i = 0; i < count; i++) {
                seeds.add(DiffRunner.programSeed(base, i));
            }
        }

        List<Comparison> failures = new ArrayList<>();
        Map<OpKind, Integer> coverage = new EnumMap<>(OpKind.class);
        long events = 0;
        int deadlocks = 0;
        long started = System.nanoTime();
        for (long seed : seeds) {
            Comparison c = runner.compare(seed);
            if (seeds.size() == 1) {
                System.out.println("[difftest] " + c.report()); // a replay shows everything, even when the backends agree
            }
            c.program().kindCounts().forEach((k, n) -> coverage.merge(k, n, Integer::sum));
            events += c.left().size();
            if (c.left().stream().anyMatch(e -> e.contains("DeadlockException"))) {
                deadlocks++;
            }
            if (!c.same()) {
                failures.add(c);
                int d = c.firstDifference();
                System.out.println("[difftest] DIFFERENCE for seed " + seed + " at event " + d + " (replay: -Dweft.difftest.seed="
                        + seed + ")\n    loom:     " + (d < c.left().size() ? c.left().get(d) : "(no more events)")
                        + "\n    fallback: " + (d < c.right().size() ? c.right().get(d) : "(no more events)"));
            }
        }
        System.out.printf("[difftest] %d programs, %d events on loom, %d with a deadlock, %d differ, %.1f s%n",
                seeds.size(), events, deadlocks, failures.size(), (System.nanoTime() - started) / 1e9);
        System.out.println("[difftest] operations generated, by kind: " + coverage);

        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(failures.size() + " of " + seeds.size()
                    + " programs logged different events on loom and fallback; seeds:");
            for (Comparison c : failures) {
                sb.append(' ').append(c.program().seed());
            }
            sb.append("\nThe smallest of them:\n");
            Comparison smallest = failures.get(0);
            for (Comparison c : failures) {
                if (c.left().size() + c.right().size() < smallest.left().size() + smallest.right().size()) {
                    smallest = c;
                }
            }
            sb.append(smallest.report());
            Program shrunk = Shrinker.shrink(smallest.program(), p -> !runner.compare(p).same());
            sb.append("\nShrunk (operations removed or inlined while the backends still differ):\n")
                    .append(runner.compare(shrunk).report());
            fail(sb.toString());
        }
        if (seeds.size() >= 1000) {
            for (OpKind k : OpKind.values()) {
                assertTrue(coverage.getOrDefault(k, 0) > 0, () -> "no " + k + " operation in " + seeds.size()
                        + " programs: the generator no longer produces it; coverage " + coverage);
            }
        }
    }
}
