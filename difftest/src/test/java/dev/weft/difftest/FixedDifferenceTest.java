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
        assertEquals(onBackend(DiffRunner.LOOM, ownStack), onBackend(DiffRunner.FALLBACK, ownStack));
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
        assertEquals(onBackend(DiffRunner.LOOM, stackOfWaiter), onBackend(DiffRunner.FALLBACK, stackOfWaiter));
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
     */
    @Test
    void aThirdDeadlockAbandonsTheBlockedMicrothreadsTheSameWayOnBothBackends() {
        Program p = new Program(1927, List.of(Program.RENDEZVOUS), 1, List.of(
                new Op.Receive(0, Op.FOREVER),
                new Op.Receive(0, Op.FOREVER),
                new Op.Spawn("t1", false, List.of(
                        new Op.Fork(1, List.of(
                                new Op.Join("t1", Op.FOREVER)))))));
        try (DiffRunner runner = new DiffRunner()) {
            Comparison c = runner.compare(p);
            assertTrue(c.same(), c.report());
        }
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
