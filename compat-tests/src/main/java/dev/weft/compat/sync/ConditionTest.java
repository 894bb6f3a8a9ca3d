package dev.weft.compat.sync;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import dev.weft.sync.Condition;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionTest {

    /** Starts {@code name}, which locks, records "name waits", awaits, records "name woke", unlocks. */
    private static void waiter(final Trace trace, final String name, final Lock lock, final Condition c) {
        Spawn.start(trace, name, () -> {
            lock.lock();
            try {
                trace.add(name + " waits");
                c.await();
                trace.add(name + " woke");
            } finally {
                lock.unlock();
            }
        });
    }

    @Test
    void signalWakesOnlyTheOldestWaiter() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            waiter(trace, "W1", lock, c);
            waiter(trace, "W2", lock, c);
            waiter(trace, "W3", lock, c);
            Microthread.yield();
            lock.lock();
            c.signal();
            trace.add("main signalled");
            lock.unlock();
            Microthread.yield();
            Microthread.yield();
            trace.add("main signals all");
            lock.lock();
            c.signalAll();
            lock.unlock();
        });
        trace.assertEvents("W1 waits", "W2 waits", "W3 waits", "main signalled", "W1 woke", "main signals all",
                "W2 woke", "W3 woke");
    }

    @Test
    void signalAllWakesEveryWaiterInTheOrderTheyStartedWaiting() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            waiter(trace, "W3", lock, c);
            waiter(trace, "W1", lock, c);
            waiter(trace, "W2", lock, c);
            Microthread.yield();
            lock.lock();
            c.signalAll();
            trace.add("main still holds the lock: " + lock.isHeldByCurrentMicrothread());
            Microthread.yield();
            trace.add("main unlocks");
            lock.unlock();
        });
        trace.assertEvents("W3 waits", "W1 waits", "W2 waits", "main still holds the lock: true", "main unlocks",
                "W3 woke", "W1 woke", "W2 woke");
    }

    @Test
    void signalledWaiterReacquiresTheLockBehindMicrothreadsAlreadyWaitingForIt() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            waiter(trace, "W", lock, c);
            Microthread.yield();
            lock.lock();
            Spawn.start(trace, "L", () -> {
                lock.lock();
                trace.add("L locked");
                lock.unlock();
            });
            Microthread.yield(); // L queues for the lock
            c.signal();         // W queues behind L, at once, without running
            lock.unlock();      // hands the lock to L
            lock.lock();        // main queues behind W
            trace.add("main locked");
            lock.unlock();
        });
        trace.assertEvents("W waits", "L locked", "W woke", "main locked");
    }

    @Test
    void awaitReleasesEveryHoldAndRestoresTheHoldCount() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            Spawn.start(trace, "signaller", () -> {
                trace.add("signaller tryLock " + lock.tryLock());
                c.signal();
                lock.unlock();
            });
            lock.lock();
            lock.lock();
            c.await();
            trace.add("main holds " + lock.getHoldCount());
            lock.unlock();
            lock.unlock();
        });
        trace.assertEvents("signaller tryLock true", "main holds 2");
    }

    @Test
    void awaitNanosReturnsTheTimeLeftWhenSignalled() {
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        long left = Run.virtual(() -> {
            Microthread.builder().name("signaller").start(() -> {
                try {
                    Microthread.sleep(30);
                } catch (InterruptedException ignored) {
                    // not interrupted in this test
                }
                lock.lock();
                c.signal();
                lock.unlock();
            });
            lock.lock();
            try {
                return c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(100));
            } finally {
                lock.unlock();
            }
        });
        assertEquals(TimeUnit.MILLISECONDS.toNanos(70), left);
    }

    @Test
    void awaitNanosReturnsZeroOrLessWhenTheTimeRunsOut() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Lock lock = new Lock();
            Condition c = lock.newCondition();
            lock.lock();
            long left = c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(100));
            trace.add("timed out: " + (left <= 0) + " at " + Run.nowMillis() + " ms, holds " + lock.getHoldCount());
            lock.unlock();
        });
        trace.assertEvents("timed out: true at 100 ms, holds 1");
    }

    @Test
    void timedAwaitReturnsFalseOnTimeoutAndTrueWhenSignalledInTime() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            lock.lock();
            trace.add("first " + c.await(10, TimeUnit.MILLISECONDS) + " at " + Run.nowMillis());
            Spawn.start(trace, "signaller", () -> {
                Microthread.sleep(5);
                lock.lock();
                c.signal();
                lock.unlock();
            });
            trace.add("second " + c.await(10, TimeUnit.MILLISECONDS) + " at " + Run.nowMillis());
            lock.unlock();
        });
        trace.assertEvents("first false at 10", "second true at 15");
    }

    @Test
    void aSignalBeforeTheDeadlineWinsEvenIfTheLockComesBackAfterIt() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            Spawn.start(trace, "signaller", () -> {
                Microthread.sleep(5);
                lock.lock();
                c.signal();
                c.signal();
                Microthread.sleep(15); // keeps the lock past both waiters' deadlines
                trace.add("signaller unlocks at " + Run.nowMillis());
                lock.unlock();
            });
            Spawn.start(trace, "N", () -> {
                lock.lock();
                long left = c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(10));
                trace.add("N left " + TimeUnit.NANOSECONDS.toMillis(left) + " ms at " + Run.nowMillis());
                lock.unlock();
            });
            lock.lock();
            boolean signalled = c.await(10, TimeUnit.MILLISECONDS);
            trace.add("main signalled " + signalled + " at " + Run.nowMillis());
            lock.unlock();
        });
        trace.assertEvents("signaller unlocks at 20", "main signalled true at 20", "N left -10 ms at 20");
    }

    @Test
    void aSignalAfterAWaiterTimedOutGoesToTheNextWaiter() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            Spawn.start(trace, "T", () -> {
                lock.lock();
                trace.add("T " + c.await(10, TimeUnit.MILLISECONDS));
                lock.unlock();
            });
            waiter(trace, "W", lock, c);
            Microthread.sleep(20);
            lock.lock();
            c.signal();
            lock.unlock();
        });
        trace.assertEvents("W waits", "T false", "W woke");
    }

    @Test
    void interruptBeforeSignalThrowsOnlyAfterTheLockIsHeldAgain() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                lock.lock();
                try {
                    c.await();
                    trace.add("W returned");
                } catch (InterruptedException e) {
                    trace.add("W interrupted, holds " + lock.getHoldCount() + ", flag "
                            + Microthread.current().isInterrupted());
                } finally {
                    lock.unlock();
                }
            });
            Microthread.yield();
            lock.lock();
            w.interrupt();
            Microthread.yield();
            Microthread.yield();
            trace.add("main unlocks");
            lock.unlock();
        });
        trace.assertEvents("main unlocks", "W interrupted, holds 1, flag false");
    }

    @Test
    void interruptAfterSignalReturnsNormallyWithTheFlagSet() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                lock.lock();
                try {
                    c.await();
                    trace.add("W returned, flag " + Microthread.current().isInterrupted());
                } finally {
                    lock.unlock();
                }
            });
            Microthread.yield();
            lock.lock();
            c.signal();
            w.interrupt();
            Microthread.yield();
            trace.add("main unlocks");
            lock.unlock();
        });
        trace.assertEvents("main unlocks", "W returned, flag true");
    }

    @Test
    void awaitUninterruptiblyIgnoresInterruptsAndKeepsTheFlag() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                lock.lock();
                c.awaitUninterruptibly();
                trace.add("W returned, flag " + Microthread.current().isInterrupted());
                lock.unlock();
            });
            Microthread.yield();
            w.interrupt();
            Microthread.sleep(10);
            trace.add("main signals");
            lock.lock();
            c.signal();
            lock.unlock();
        });
        trace.assertEvents("main signals", "W returned, flag true");
    }

    @Test
    void awaitWithTheFlagSetThrowsAtOnceKeepingTheLock() {
        Run.virtual(() -> {
            Lock lock = new Lock();
            lock.lock();
            Microthread.current().interrupt();
            assertThrows(InterruptedException.class, () -> lock.newCondition().await());
            assertEquals(1, lock.getHoldCount());
            assertFalse(Microthread.current().isInterrupted());
            lock.unlock();
        });
    }

    @Test
    void awaitUntilIsMeasuredOnTheSchedulerClock() {
        final long[] elapsed = new long[1];
        boolean signalled = Run.virtual(() -> {
            Lock lock = new Lock();
            lock.lock();
            try {
                return lock.newCondition().awaitUntil(new Date(System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1)));
            } finally {
                elapsed[0] = Run.nowMillis();
                lock.unlock();
            }
        });
        assertFalse(signalled);
        // one virtual hour, less the real milliseconds between building the Date and the call
        assertTrue(elapsed[0] <= TimeUnit.HOURS.toMillis(1) && elapsed[0] > TimeUnit.MINUTES.toMillis(59),
                "waited " + elapsed[0] + " virtual ms");
    }

    @Test
    void awaitUntilAPastDateReturnsFalseWithoutWaiting() {
        Run.virtual(() -> {
            Lock lock = new Lock();
            lock.lock();
            assertFalse(lock.newCondition().awaitUntil(new Date(0)));
            assertEquals(0, Run.nowMillis());
            assertEquals(1, lock.getHoldCount());
            lock.unlock();
        });
    }

    @Test
    void anAwaitNoOneCanSignalIsReportedAsDeadlockAndTheWaiterHoldsTheLockForItsFinally() {
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            lock.lock();
            try {
                c.await();
            } finally {
                lock.unlock(); // must not hide the deadlock behind an IllegalMonitorStateException
            }
        }));
        assertTrue(e.getMessage().contains("\"main\""), e.getMessage());
        assertTrue(e.getMessage().contains("await on Condition@"), e.getMessage());
        assertEquals(0, e.getSuppressed().length, "the main microthread failed with the deadlock itself");
        assertFalse(lock.isLocked());
    }

    @Test
    void awaitWithoutHoldingTheLockThrowsIllegalMonitorState() {
        IllegalMonitorStateException e = Run.virtual(() ->
                assertThrows(IllegalMonitorStateException.class, () -> new Lock().newCondition().await()));
        assertTrue(e.getMessage().contains("Condition.await was called by microthread \"main\""), e.getMessage());
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    @Test
    void signalByAMicrothreadThatDoesNotHoldTheLockThrowsNamingTheOwner() {
        final Lock lock = new Lock();
        final Condition c = lock.newCondition();
        IllegalMonitorStateException e = Run.virtual(() -> {
            Microthread.builder().name("owner").start(() -> {
                lock.lock();
                Microthread.yield();
                lock.unlock();
            });
            Microthread.yield();
            return assertThrows(IllegalMonitorStateException.class, c::signal);
        });
        assertTrue(e.getMessage().contains("Condition.signal was called by microthread \"main\""), e.getMessage());
        assertTrue(e.getMessage().contains("held by microthread \"owner\""), e.getMessage());
    }

    @Test
    void timedAwaitWithNullArgumentsThrowsNullPointer() {
        Run.virtual(() -> {
            Lock lock = new Lock();
            Condition c = lock.newCondition();
            lock.lock();
            NullPointerException unit = assertThrows(NullPointerException.class, () -> c.await(1, null));
            assertTrue(unit.getMessage().contains("unit is null"), unit.getMessage());
            NullPointerException date = assertThrows(NullPointerException.class, () -> c.awaitUntil(null));
            assertTrue(date.getMessage().contains("deadline is null"), date.getMessage());
            lock.unlock();
        });
    }

    @Test
    void signalFromAPlainThreadThrowsIllegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lock().newCondition().signal());
        assertTrue(e.getMessage().contains("Condition.signal must be called from a microthread"), e.getMessage());
    }
}
