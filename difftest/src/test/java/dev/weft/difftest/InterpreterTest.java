package dev.weft.difftest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interpreter and the comparison are not vacuous: a known program logs exactly the expected
 * events on both backends, a change to a program changes its events, a run is repeatable, and a
 * difference is reported with what is needed to replay it.
 */
class InterpreterTest {
    private static DiffRunner runner;

    @BeforeAll
    static void startRunner() {
        runner = new DiffRunner();
    }

    @AfterAll
    static void stopRunner() {
        runner.close();
    }

    /** main and t1 play ping-pong over a rendezvous channel, then main runs a coroutine that yields under two static frames. */
    static Program pingPongAndCoroutine(long sleep) {
        return new Program(-1, List.of(Program.RENDEZVOUS), 1, List.of(
                new Op.Spawn("t1", false, List.of(
                        new Op.Receive(0, Op.FOREVER),
                        new Op.Sleep(sleep),
                        new Op.Send(0, 7, Op.FOREVER))),
                new Op.Send(0, 1, Op.FOREVER),
                new Op.Receive(0, Op.FOREVER),
                new Op.Coro(2, List.of(
                        new Op.CoYield(3),
                        new Op.Call(4, 2, Op.FrameKind.STATIC, List.of(
                                new Op.Sleep(1),
                                new Op.CoYield(5)))), 3, -1)));
    }

    @Test
    void aKnownProgramLogsExactlyTheExpectedEventsOnBothBackends() {
        List<String> expected = List.of(
                "0ms main: spawn t1",
                "0ms t1: receive c0 -> 1",
                "0ms main: send c0 1 -> sent",
                "5ms t1: sleep 5 -> woke",
                "5ms t1: send c0 7 -> sent",      // main waits in receive: the sender keeps running (rule 3)
                "5ms t1: end",
                "5ms main: receive c0 -> 7",
                "5ms main: co2 started with 2000",
                "5ms main: resume co2 with 2000 -> 3",
                "5ms main: co-yield 3 resumed with 2001",
                "6ms main: sleep 1 -> woke",
                "6ms main: resume co2 with 2001 -> 5",
                "6ms main: co-yield 5 resumed with 2002",
                "6ms main: call#4 returned 27304", // 792 + 31 * (789 + 31 * (1 + 1) + 4) + 7
                "6ms main: co2 returns",
                "6ms main: resume co2 with 2002 -> -2",
                "6ms main: close co2 -> closed",
                "6ms main: end",
                "run -> done");
        Comparison c = runner.compare(pingPongAndCoroutine(5));
        assertEquals(expected, c.left(), "loom");
        assertEquals(expected, c.right(), "fallback");
        assertTrue(c.same());
        assertEquals(-1, c.firstDifference());
    }

    @Test
    void aChangedProgramLogsDifferentEvents() {
        List<String> five = runner.run(pingPongAndCoroutine(5), DiffRunner.FALLBACK);
        List<String> six = runner.run(pingPongAndCoroutine(6), DiffRunner.FALLBACK);
        assertNotEquals(five, six);
        Comparison c = new Comparison(pingPongAndCoroutine(5), "five", five, "six", six);
        assertFalse(c.same());
        assertEquals(3, c.firstDifference()); // "5ms t1: sleep 5 -> woke" against "6ms t1: sleep 6 -> woke"
    }

    @Test
    void programsOfDifferentSeedsLogDifferentEvents() {
        Set<List<String>> distinct = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            distinct.add(runner.run(ProgramGenerator.generate(seed), DiffRunner.LOOM));
        }
        // two small programs may log the same events (say, both deadlock at their first operation);
        // if most did, the events would not be telling programs apart and the comparison would be vacuous
        assertTrue(distinct.size() >= 45, distinct.size() + " distinct event sequences for 50 programs");
    }

    @Test
    void aProgramLogsTheSameEventsEveryTimeOnOneBackend() {
        for (long seed = 100; seed < 130; seed++) {
            Program p = ProgramGenerator.generate(seed);
            for (String backend : List.of(DiffRunner.LOOM, DiffRunner.FALLBACK)) {
                assertEquals(runner.run(p, backend), runner.run(p, backend), "seed " + seed + " on " + backend);
            }
        }
    }

    @Test
    void aDifferenceIsReportedWithTheSeedTheFirstDifferingEventTheProgramAndHowToReplayIt() {
        Program p = ProgramGenerator.generate(42);
        Comparison c = new Comparison(p, "loom", List.of("a", "b", "c"), "fallback", List.of("a", "x"));
        assertFalse(c.same());
        assertEquals(1, c.firstDifference());
        String report = c.report();
        assertTrue(report.startsWith("seed 42: loom and fallback differ at event 1:\n  loom: b\n  fallback: x\n"), report);
        assertTrue(report.contains("-Dweft.difftest.seed=42"), report);
        assertTrue(report.contains(p.toString()), report);
        assertTrue(report.contains("=>   1 b\n") && report.contains("=>   1 x\n") && report.contains("     2 c\n"), report);
        assertEquals(2, new Comparison(p, "l", List.of("a", "b"), "r", List.of("a", "b", "c")).firstDifference());
    }

    @Test
    void exceptionTextsLoseOnlyWhatDiffersByDesignAndKeepEveryFrame() {
        assertEquals("IllegalStateException: Channel@H (rendezvous) of microthread \"t1\" #N, coroutine-N in"
                        + " scheduler 'difftest' (BACKEND, virtual clock)|      at dev.weft.Channel.receive(Channel.java:218)"
                        + "|      at java.base/java.lang.VirtualThread.park(VirtualThread.java:742)"
                        + "|      at dev.weft.loom.LoomStrand.suspend(LoomStrand.java:102)",
                Events.describe(new IllegalStateException("Channel@1f3a (rendezvous) of microthread \"t1\" #12, coroutine-7 in"
                        + " scheduler 'difftest' (loom, virtual clock)\n      at dev.weft.Channel.receive(Channel.java:218)\n"
                        + "      at java.base/java.lang.VirtualThread.park(VirtualThread.java:742)\n"
                        + "      at dev.weft.loom.LoomStrand.suspend(LoomStrand.java:102)")));
        DiffFailure withCause = new DiffFailure("x");
        withCause.initCause(new DiffFailure("y"));
        assertEquals("DiffFailure: x (cause DiffFailure: y)", Events.describe(withCause));
    }

    @Test
    void aStackIsLoggedWithEveryFrameItHas() {
        assertEquals("[]", Events.stack(new StackTraceElement[0]));
        // machinery frames are not masked: if a backend let one through, the backends would differ
        assertEquals("Frames.staticFrame:70 < java.lang.VirtualThread.park:742 < dev.weft.loom.LoomStrand.suspend:102"
                        + " < dev.weft.Coroutine.resume:88",
                Events.stack(new StackTraceElement[] {
                        new StackTraceElement("dev.weft.difftest.Frames", "staticFrame", "Frames.java", 70),
                        new StackTraceElement("java.lang.VirtualThread", "park", "VirtualThread.java", 742),
                        new StackTraceElement("dev.weft.loom.LoomStrand", "suspend", "LoomStrand.java", 102),
                        new StackTraceElement("dev.weft.Coroutine", "resume", "Coroutine.java", 88)}));
    }

    @Test
    void aMicrothreadReadingItsOwnStackInsideACoroutineBodySeesTheBodyThenItsResumerDownToItsOwnBody() {
        Program p = new Program(-3, List.of(Program.RENDEZVOUS), 1, List.of(
                new Op.Coro(1, List.of(new Op.Stack(Op.SELF)), 1, -1)));
        Comparison c = runner.compare(p);
        assertTrue(c.same(), c::report);
        String stack = c.left().stream().filter(e -> e.contains("stack of self")).findFirst().orElseThrow();
        assertTrue(stack.startsWith("0ms main: stack of self -> dev.weft.Microthread.getStackTrace:"), stack);
        int body = stack.indexOf(" < Interpreter.lambda$coroutine$");
        int resume = stack.indexOf(" < dev.weft.Coroutine.resume:");
        int mainBody = stack.indexOf(" < Interpreter.lambda$run$");
        assertTrue(0 < body && body < resume && resume < mainBody, stack);
        assertFalse(stack.substring(mainBody + 3).contains(" < "), "the stack ends at main's body: " + stack);
    }

    @Test
    void aDumpListsEveryLiveMicrothreadWithWhatItWaitsOnAndItsStack() {
        Program p = new Program(-4, List.of(Program.RENDEZVOUS), 1, List.of(
                new Op.Spawn("t1", false, List.of(new Op.Receive(0, Op.FOREVER))),
                new Op.Yield(),
                new Op.Dump(),
                new Op.Send(0, 5, Op.FOREVER)));
        Comparison c = runner.compare(p);
        assertTrue(c.same(), c::report);
        String dump = c.left().get(2);
        assertTrue(dump.startsWith("0ms main: dump -> scheduler 'difftest' (BACKEND, virtual clock at 0 ns), 2 live"
                + " microthread(s)|  \"main\" #N RUNNABLE|      at "), dump);
        assertTrue(dump.contains("|  \"t1\" #N WAITING on receive on Channel@H (rendezvous)|      at dev.weft.Channel.receive("),
                dump);
        assertEquals(List.of("0ms main: spawn t1", "0ms main: yield"), c.left().subList(0, 2));
        // t1 waits in receive: the sender keeps running (rule 3)
        assertEquals(List.of("0ms main: send c0 5 -> sent", "0ms main: end", "0ms t1: receive c0 -> 5", "0ms t1: end", "run -> done"),
                c.left().subList(3, c.left().size()));
    }

    @Test
    void theFrameCheckNoticesEveryWrongLocal() {
        Op.Call c = new Op.Call(9, 3, Op.FrameKind.STATIC, List.of());
        long a = Frames.a(c, 2);
        double b = Frames.b(c, 2);
        String s = Frames.s(c, 2);
        assertEquals(null, Frames.corruption(c, 2, a, b, 7, s, 2));
        assertEquals("CORRUPT frame 2 of call#9: a=" + (a + 1) + " b=" + b + " i=7 s=" + s + " boxed=2",
                Frames.corruption(c, 2, a + 1, b, 7, s, 2));
        assertTrue(Frames.corruption(c, 2, a, b + 0.5, 7, s, 2) != null);
        assertTrue(Frames.corruption(c, 2, a, b, 8, s, 2) != null);
        assertTrue(Frames.corruption(c, 2, a, b, 7, Frames.s(c, 1), 2) != null);
        assertTrue(Frames.corruption(c, 2, a, b, 7, s, 3) != null);
        assertTrue(Frames.corruption(c, 2, a, b, 7, s, null) != null);
    }

    @Test
    void aSharedCoroutineResumedByAnotherMicrothreadRunsItsBodyOnThatMicrothread() {
        Program p = new Program(-2, List.of(Program.RENDEZVOUS), 1, List.of(
                new Op.SharedCoro(1, List.of(new Op.CoYield(2), new Op.Sleep(3), new Op.CoYield(4))),
                new Op.Spawn("t1", false, List.of(new Op.ResumeShared(1), new Op.ResumeShared(1))),
                new Op.Yield(),
                new Op.ResumeShared(1)));
        List<String> expected = List.of(
                "0ms main: co1 started with 1000",
                "0ms main: resume co1 with 1000 -> 2",
                "0ms main: spawn t1",
                "0ms t1: co-yield 2 resumed with 1001",      // the body now runs on t1, which sleeps in it
                "0ms main: yield",
                "0ms main: resume shared co1 with 1002 !! IllegalStateException: Coroutine.resume on coroutine-N (running in"
                        + " Microthread[#N,t1]/timed_waiting): the coroutine is already running, resumed by another microthread,"
                        + " Microthread[#N,t1]/timed_waiting. A coroutine runs one resume at a time; wait until it yields.",
                "0ms main: end",
                "3ms t1: sleep 3 -> woke",
                "3ms t1: resume shared co1 with 1001 -> 4",
                "3ms t1: co-yield 4 resumed with 1003",
                "3ms t1: co1 returns",
                "3ms t1: resume shared co1 with 1003 -> -1",
                "3ms t1: end",
                "run -> done");
        Comparison c = runner.compare(p);
        assertEquals(expected, c.left(), "loom");
        assertEquals(expected, c.right(), "fallback");
    }
}
