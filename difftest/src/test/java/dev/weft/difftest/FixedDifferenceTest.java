package dev.weft.difftest;

import dev.weft.Coroutine;
import dev.weft.Microthread;
import dev.weft.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression tests for the differences between the backends that the differential run found,
 * each reduced to a minimal program: all three were fixed in {@code api} by commit 7ad3949
 * ({@code StackTraces.userFrames} drops weft's and the JDK's machinery wherever it is and ends a
 * stack at the microthread's body on both backends; {@code SchedulerCore} gives up on blocked
 * microthreads only after 100 deadlocks in a row with none ending, and abandoning wakes no
 * abandoned joiner). Each test asserts what SPEC.md promises: the same behaviour on both backends.
 *
 * <p>Two concern {@link Microthread#getStackTrace()}, whose frames are compared here raw: class,
 * method and line, innermost first. The random mix reads such stacks too (its own and others',
 * also through coroutine bodies) and compares them unmasked.
 */
class FixedDifferenceTest {

    /**
     * Found by the differential run (seeds 36 and 132 of the generator at commit 1a35fde).
     * On loom the stack of the calling microthread ended at its body; on fallback it went on with
     * the carrier thread's frames below the strand: weft's scheduler loop and the fallback
     * continuation, then whatever called {@code Scheduler.run} (here this test method and JUnit).
     */
    @Test
    void aMicrothreadReadingItsOwnStackSeesTheSameFramesOnBothBackends() {
        Callable<List<String>> ownStack = () -> frames(Microthread.current().getStackTrace());
        List<String> loom = onBackend(DiffRunner.LOOM, ownStack);
        assertEquals(loom, onBackend(DiffRunner.FALLBACK, ownStack));
        // getStackTrace itself, then the body, and nothing below it
        assertEquals(2, loom.size(), loom::toString);
        assertTrue(loom.get(0).startsWith("dev.weft.Microthread.getStackTrace:"), loom::toString);
        assertTrue(loom.get(1).startsWith(BODY), loom::toString);
    }

    /**
     * Found by the differential run with raw stacks (seeds 374, 741 and 852 of the generator at
     * commit 1a35fde). A microthread waits inside the body of a coroutine it resumed; another
     * reads its stack. On loom the stack had, between the body's frames and the resumer's, the
     * frames of the virtual thread's park ({@code java.lang.VirtualThread.park},
     * {@code LockSupport.park}, {@code dev.weft.loom.LoomStrand.suspend}); on fallback it did not.
     * Deadlock reports and {@code Scheduler.dump()} print the same stacks.
     */
    @Test
    void theStackOfAMicrothreadWaitingInsideACoroutineBodyHasTheSameFramesOnBothBackends() {
        Callable<List<String>> stackOfWaiter = () -> {
            Microthread waiter = Microthread.start(() -> {
                Coroutine<Integer, Integer> co = Coroutine.create((suspender, first) -> {
                    Microthread.sleep(10);
                    return first;
                });
                co.resume(1);
            });
            Microthread.yield(); // the waiter runs, resumes the coroutine and sleeps inside its body
            return frames(waiter.getStackTrace());
        };
        List<String> loom = onBackend(DiffRunner.LOOM, stackOfWaiter);
        assertEquals(loom, onBackend(DiffRunner.FALLBACK, stackOfWaiter));
        // the sleep in the coroutine body, the body, the resume, the waiter's body last; no park frames between
        assertTrue(loom.get(0).startsWith("dev.weft.Microthread.sleep"), loom::toString);
        assertTrue(loom.stream().anyMatch(f -> f.startsWith("dev.weft.Coroutine.resume:")), loom::toString);
        assertTrue(loom.get(loom.size() - 1).startsWith(BODY), loom::toString);
        assertEquals(List.of(), loom.stream().filter(FixedDifferenceTest::isMachinery).toList());
    }

    /**
     * Found by seed 1927 of the generator at commit 66c9efe, shrunk to this program (seed 4242744
     * of the generator at commit 8bdfa4a showed it too). {@code main} deadlocks twice alone (each
     * wait throws {@code DeadlockException}, as it should); then t1 joins its task, which joins
     * t1: the third deadlock. The scheduler then gave up on both (SchedulerCore
     * {@code deadlockRounds > 2}, {@code abandonAll}, although the first two were unwound
     * cleanly), and marking t1 terminated woke task1's join: on loom task1 went on running
     * ({@code join t1 -> joined}, {@code end}) and {@code run} threw the first deadlock; on
     * fallback its discarded continuation was run and {@code Scheduler.run} threw
     * {@code IllegalStateException: weft: Continuation.run() called after the body ended}.
     * Now each of the three deadlocks throws out of every wait in it, and every microthread ends.
     */
    @Test
    void aThirdDeadlockUnwindsTheBlockedMicrothreadsTheSameWayOnBothBackends() {
        Program p = new Program(1927, List.of(Program.RENDEZVOUS), 1, List.of(
                new Op.Receive(0, Op.FOREVER),
                new Op.Receive(0, Op.FOREVER),
                new Op.Spawn("t1", false, List.of(
                        new Op.Fork(1, List.of(
                                new Op.Join("t1", Op.FOREVER)))))));
        try (DiffRunner runner = new DiffRunner()) {
            Comparison c = runner.compare(p);
            assertTrue(c.same(), c.report());
            List<String> outline = c.left().stream().map(e -> e.replaceFirst("DeadlockException: .*", "DeadlockException"))
                    .toList();
            assertEquals(List.of(
                    "0ms main: receive c0 !! DeadlockException",
                    "0ms main: receive c0 !! DeadlockException",
                    "0ms main: spawn t1",
                    "0ms main: end",
                    "0ms t1: forked task1",
                    "0ms t1: join task1 !! DeadlockException", // the third deadlock: neither is abandoned
                    "0ms t1: end",
                    "0ms task1: join t1 !! DeadlockException",
                    "0ms task1: end",
                    "run !! DeadlockException"), outline, c::report);
        }
    }

    /** How the frames of this class's lambdas, the microthreads' bodies here, begin. */
    private static final String BODY = FixedDifferenceTest.class.getName() + ".lambda$";

    private static boolean isMachinery(String frame) {
        return frame.startsWith("java.lang.VirtualThread") || frame.startsWith("jdk.internal.")
                || frame.startsWith("java.util.concurrent.locks.LockSupport") || frame.startsWith("dev.weft.internal.")
                || frame.startsWith("dev.weft.loom.") || frame.startsWith("dev.weft.fallback.");
    }

    private static List<String> onBackend(String backend, Callable<List<String>> main) {
        return Scheduler.builder().backend(backend).virtualTime().name("fixed-difference").build().run(main);
    }

    private static List<String> frames(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : stack) {
            out.add(f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber());
        }
        return out;
    }
}
