package dev.weft.difftest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The program generator is deterministic, varied and well-formed. */
class GeneratorTest {

    @Test
    void aSeedAlwaysGivesTheSameProgram() {
        for (long seed = -100; seed < 100; seed++) {
            Program a = ProgramGenerator.generate(seed);
            Program b = ProgramGenerator.generate(seed);
            assertEquals(a, b, "seed " + seed);
            assertEquals(a.toString(), b.toString(), "seed " + seed);
            assertEquals(seed, a.seed());
        }
    }

    @Test
    void aThousandSeedsGiveAThousandDifferentPrograms() {
        Set<String> programs = new HashSet<>();
        for (long seed = 0; seed < 1000; seed++) {
            programs.add(ProgramGenerator.generate(seed).toString().replaceFirst("seed=-?\\d+", ""));
        }
        assertEquals(1000, programs.size());
    }

    @Test
    void everyKindOfOperationAppearsInAThousandPrograms() {
        Map<OpKind, Integer> coverage = new EnumMap<>(OpKind.class);
        for (long seed = 0; seed < 1000; seed++) {
            ProgramGenerator.generate(seed).kindCounts().forEach((k, n) -> coverage.merge(k, n, Integer::sum));
        }
        for (OpKind k : OpKind.values()) {
            assertTrue(coverage.getOrDefault(k, 0) >= 100, () -> k + " appears fewer than 100 times: " + coverage);
        }
    }

    @Test
    void coYieldsAreOnlyInsideCoroutineGeneratorAndProducerBodiesOfTheSameMicrothread() {
        for (long seed = 0; seed < 1000; seed++) {
            checkYields(ProgramGenerator.generate(seed).main(), false, seed);
        }
    }

    private static void checkYields(List<Op> ops, boolean inBody, long seed) {
        for (Op op : ops) {
            if (op instanceof Op.CoYield && !inBody) {
                fail("seed " + seed + ": " + op + " outside a coroutine or generator body");
            }
            List<Op> body = Printer.body(op);
            if (body != null) {
                boolean nowInBody = op instanceof Op.Coro || op instanceof Op.Gen || op instanceof Op.Pipe || op instanceof Op.SharedCoro
                        || (inBody && !(op instanceof Op.Spawn) && !(op instanceof Op.Fork));
                checkYields(body, nowInBody, seed);
            }
        }
    }

    @Test
    void everyThreadIsSpawnedExactlyOnce() {
        for (long seed = 0; seed < 1000; seed++) {
            List<String> spawned = new ArrayList<>();
            walk(ProgramGenerator.generate(seed).main(), spawned);
            for (int i = 0; i < spawned.size(); i++) {
                assertTrue(spawned.contains("t" + (i + 1)), "seed " + seed + ": spawned " + spawned);
            }
            assertEquals(new HashSet<>(spawned).size(), spawned.size(), "seed " + seed + ": spawned " + spawned);
        }
    }

    private static void walk(List<Op> ops, List<String> spawned) {
        for (Op op : ops) {
            if (op instanceof Op.Spawn s) {
                spawned.add(s.name());
            }
            if (Printer.body(op) != null) {
                walk(Printer.body(op), spawned);
            }
        }
    }

    /** The stack reads that the backends once disagreed on (FixedDifferenceTest) are in the mix. */
    @Test
    void microthreadsReadTheirOwnStacksAlsoInsideCoroutineBodies() {
        int self = 0;
        int selfInCoroutineBody = 0;
        for (long seed = 0; seed < 1000; seed++) {
            int[] counts = selfReads(ProgramGenerator.generate(seed).main(), false);
            self += counts[0];
            selfInCoroutineBody += counts[1];
        }
        assertTrue(self >= 100, self + " own-stack reads in 1000 programs");
        assertTrue(selfInCoroutineBody >= 30, selfInCoroutineBody + " own-stack reads inside coroutine bodies in 1000 programs");
    }

    /** {own-stack reads, those of them inside a coroutine or generator body} in {@code ops}. */
    private static int[] selfReads(List<Op> ops, boolean inBody) {
        int[] counts = new int[2];
        for (Op op : ops) {
            if (op instanceof Op.Stack s && s.target().equals(Op.SELF)) {
                counts[0]++;
                counts[1] += inBody ? 1 : 0;
            }
            List<Op> body = Printer.body(op);
            if (body != null) {
                boolean nowInBody = op instanceof Op.Coro || op instanceof Op.Gen || op instanceof Op.SharedCoro
                        || (inBody && !(op instanceof Op.Spawn) && !(op instanceof Op.Fork) && !(op instanceof Op.Pipe));
                int[] inner = selfReads(body, nowInBody);
                counts[0] += inner[0];
                counts[1] += inner[1];
            }
        }
        return counts;
    }

    @Test
    void theProgramPrintsAsAnIndentedTree() {
        Program p = InterpreterTest.pingPongAndCoroutine(5);
        assertEquals("""
                program seed=-1, channels c0=rendezvous, locks 1
                main:
                  spawn t1:
                    receive c0
                    sleep 5
                    send c0 7
                  send c0 1
                  receive c0
                  coroutine co2, 3 resumes, body:
                    co-yield 3
                    call#4 2 deep, STATIC frames:
                      sleep 1
                      co-yield 5
                """, p.toString());
    }
}
