package dev.weft.compat.sync;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import dev.weft.sync.Semaphore;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemaphoreTest {

    private static void acquirer(final Trace trace, final String name, final Semaphore s, final int n) {
        Spawn.start(trace, name, () -> {
            s.acquire(n);
            trace.add(name + " acquired " + n);
        });
    }

    @Test
    void releaseHandsPermitsToWaitersInFifoOrderWhileTheReleaserKeepsRunning() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            acquirer(trace, "W1", s, 1);
            acquirer(trace, "W2", s, 1);
            acquirer(trace, "W3", s, 1);
            Microthread.yield();
            s.release(3);
            trace.add("released, available " + s.availablePermits());
        });
        trace.assertEvents("released, available 0", "W1 acquired 1", "W2 acquired 1", "W3 acquired 1");
    }

    @Test
    void releaseServesOnlyAsManyWaitersAsItHasPermitsFor() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            acquirer(trace, "W1", s, 1);
            acquirer(trace, "W2", s, 1);
            Microthread.yield();
            s.release();
            Microthread.yield();
            trace.add("main releases again");
            s.release();
        });
        trace.assertEvents("W1 acquired 1", "main releases again", "W2 acquired 1");
    }

    @Test
    void tryAcquireCannotBargeAheadOfAWaiter() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            acquirer(trace, "W", s, 2);
            Microthread.yield();
            s.release();
            trace.add("available " + s.availablePermits() + ", tryAcquire " + s.tryAcquire()
                    + ", timed tryAcquire " + s.tryAcquire(0, TimeUnit.SECONDS));
            s.release();
        });
        trace.assertEvents("available 1, tryAcquire false, timed tryAcquire false", "W acquired 2");
    }

    @Test
    void aLargeRequestAtTheHeadHoldsBackSmallerRequestsBehindIt() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            acquirer(trace, "big", s, 3);
            acquirer(trace, "small", s, 1);
            Microthread.yield();
            s.release(2);
            Microthread.yield();
            trace.add("main releases 2 more");
            s.release(2);
        });
        trace.assertEvents("main releases 2 more", "big acquired 3", "small acquired 1");
    }

    @Test
    void aWaiterThatTimesOutAtTheHeadLetsTheNextOneBeServed() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(1);
        Run.virtual(() -> {
            Spawn.start(trace, "big", () -> trace.add("big got " + s.tryAcquire(3, 10, TimeUnit.MILLISECONDS)
                    + " at " + Run.nowMillis()));
            Spawn.start(trace, "small", () -> {
                s.acquire();
                trace.add("small acquired at " + Run.nowMillis());
            });
        });
        trace.assertEvents("big got false at 10", "small acquired at 10");
    }

    @Test
    void timedTryAcquireGivesUpAtTheVirtualDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Semaphore s = new Semaphore(0);
            trace.add("got " + s.tryAcquire(25, TimeUnit.MILLISECONDS) + " at " + Run.nowMillis() + " ms");
            trace.add("available " + s.availablePermits());
        });
        trace.assertEvents("got false at 25 ms", "available 0");
    }

    @Test
    void timedTryAcquireGetsPermitsReleasedInTime() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            Spawn.start(trace, "releaser", () -> {
                Microthread.sleep(40);
                s.release(2);
            });
            trace.add("got " + s.tryAcquire(2, 100, TimeUnit.MILLISECONDS) + " at " + Run.nowMillis() + " ms");
        });
        trace.assertEvents("got true at 40 ms");
    }

    @Test
    void acquireInterruptedWhileWaitingThrowsClearsTheFlagAndTakesNoPermit() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                try {
                    s.acquire();
                    trace.add("W acquired");
                } catch (InterruptedException e) {
                    trace.add("W interrupted, flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            w.interrupt();
            Microthread.yield();
            s.release();
            trace.add("available " + s.availablePermits());
        });
        trace.assertEvents("W interrupted, flag false", "available 1");
    }

    @Test
    void acquireUninterruptiblyIgnoresInterruptsAndKeepsTheFlag() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(0);
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                s.acquireUninterruptibly(2);
                trace.add("W acquired, flag " + Microthread.current().isInterrupted());
            });
            Microthread.yield();
            w.interrupt();
            Microthread.sleep(5);
            trace.add("main releases");
            s.release(2);
        });
        trace.assertEvents("main releases", "W acquired, flag true");
    }

    @Test
    void acquireWithTheFlagSetThrowsEvenWhenPermitsAreAvailable() {
        Run.virtual(() -> {
            Semaphore s = new Semaphore(1);
            Microthread.current().interrupt();
            assertThrows(InterruptedException.class, s::acquire);
            assertEquals(1, s.availablePermits());
        });
    }

    @Test
    void negativeInitialPermitsMustBeReleasedBeforeAnAcquireSucceeds() {
        final Trace trace = new Trace();
        final Semaphore s = new Semaphore(-1);
        Run.virtual(() -> {
            acquirer(trace, "W", s, 1);
            Microthread.yield();
            s.release();
            trace.add("available " + s.availablePermits());
            Microthread.yield();
            s.release();
        });
        trace.assertEvents("available 0", "W acquired 1");
    }

    @Test
    void anAcquireNoReleaseCanServeIsReportedAsDeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            Semaphore s = new Semaphore(1);
            s.acquire(2);
        }));
        assertTrue(e.getMessage().contains("\"main\""), e.getMessage());
        assertTrue(e.getMessage().contains("acquire of 2 permit(s) of Semaphore@"), e.getMessage());
        assertTrue(e.getMessage().contains("[permits = 1, 1 waiting]"), e.getMessage());
    }

    @Test
    void negativePermitCountsAreRejected() {
        Run.virtual(() -> {
            Semaphore s = new Semaphore(1);
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
            assertTrue(a.getMessage().contains("Semaphore.acquire(-1): the number of permits must not be negative"),
                    a.getMessage());
            IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> s.release(-2));
            assertTrue(r.getMessage().contains("Semaphore.release(-2)"), r.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(-1));
            assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(-1, 1, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> s.acquireUninterruptibly(-1));
            assertEquals(1, s.availablePermits());
        });
    }

    @Test
    void releaseBeyondTheMaximumCountIsRejected() {
        Run.virtual(() -> {
            Semaphore s = new Semaphore(Integer.MAX_VALUE);
            IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
            assertTrue(e.getMessage().contains("beyond Integer.MAX_VALUE"), e.getMessage());
            assertEquals(Integer.MAX_VALUE, s.availablePermits());
        });
    }

    @Test
    void timedTryAcquireWithNullUnitThrowsNullPointer() {
        Run.virtual(() -> {
            NullPointerException e = assertThrows(NullPointerException.class, () -> new Semaphore(1).tryAcquire(1, null));
            assertTrue(e.getMessage().contains("unit is null"), e.getMessage());
        });
    }

    @Test
    void releaseFromAPlainThreadThrowsIllegalState() {
        Semaphore s = new Semaphore(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
        assertTrue(e.getMessage().contains("Semaphore.release must be called from a microthread"), e.getMessage());
        assertEquals(0, s.availablePermits());
    }
}
