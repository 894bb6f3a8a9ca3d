package dev.weft.compat.sync;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockTest {

    @Test
    void contendersTakeTheLockInRoundRobinOrder() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            for (final String name : new String[] {"A", "B", "C"}) {
                Spawn.start(trace, name, () -> {
                    for (int round = 0; round < 3; round++) {
                        lock.lock();
                        try {
                            trace.add(name + round);
                            Microthread.yield();
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            }
        });
        // the unlocker queues behind the waiter it served: nobody barges
        trace.assertEvents("A0", "B0", "C0", "A1", "B1", "C1", "A2", "B2", "C2");
    }

    @Test
    void unlockHandsTheLockToTheOldestWaiterWhileTheUnlockerKeepsRunning() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            lock.lock();
            Spawn.start(trace, "B", () -> {
                lock.lock();
                trace.add("B locked");
                lock.unlock();
            });
            Spawn.start(trace, "C", () -> {
                lock.lock();
                trace.add("C locked");
                lock.unlock();
            });
            Microthread.yield(); // B and C queue up
            lock.unlock();
            trace.add("main unlocked, B owns: " + lock.isLocked());
            assertFalse(lock.tryLock(), "the lock belongs to B now");
            trace.add("main tryLock failed");
        });
        trace.assertEvents("main unlocked, B owns: true", "main tryLock failed", "B locked", "C locked");
    }

    @Test
    void reentrantLockingCountsHoldsAndReleasesAtZero() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            lock.lock();
            lock.lock();
            assertTrue(lock.tryLock());
            assertEquals(3, lock.getHoldCount());
            assertTrue(lock.isHeldByCurrentMicrothread());
            Spawn.start(trace, "B", () -> {
                trace.add("B holds " + lock.getHoldCount() + ", held by me: " + lock.isHeldByCurrentMicrothread());
                lock.lock();
                trace.add("B locked");
                lock.unlock();
            });
            Microthread.yield();
            lock.unlock();
            lock.unlock();
            trace.add("main holds " + lock.getHoldCount());
            Microthread.yield();
            trace.add("main unlocks last hold");
            lock.unlock();
            trace.add("main holds " + lock.getHoldCount() + ", locked: " + lock.isLocked());
            Microthread.yield();
            trace.add("locked after B: " + lock.isLocked());
        });
        trace.assertEvents("B holds 0, held by me: false", "main holds 1", "main unlocks last hold",
                "main holds 0, locked: true", "B locked", "locked after B: false");
    }

    @Test
    void unlockByNonOwnerThrowsNamingOwnerAndCaller() {
        final Lock lock = new Lock();
        IllegalMonitorStateException e = Run.virtual(() -> {
            Microthread owner = Microthread.builder().name("owner").start(() -> {
                lock.lock();
                try {
                    Microthread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // not interrupted in this test
                }
                lock.unlock();
            });
            Microthread.yield();
            final IllegalMonitorStateException[] thrown = new IllegalMonitorStateException[1];
            Microthread intruder = Microthread.builder().name("intruder").start(() ->
                    thrown[0] = assertThrows(IllegalMonitorStateException.class, lock::unlock));
            intruder.join();
            assertTrue(lock.isLocked(), "a failed unlock leaves the owner's lock alone");
            owner.join();
            return thrown[0];
        });
        assertTrue(e.getMessage().contains("\"intruder\""), e.getMessage());
        assertTrue(e.getMessage().contains("held by microthread \"owner\""), e.getMessage());
    }

    @Test
    void unlockOfAFreeLockThrowsSayingItIsNotLocked() {
        IllegalMonitorStateException e = Run.virtual(() ->
                assertThrows(IllegalMonitorStateException.class, () -> new Lock().unlock()));
        assertTrue(e.getMessage().contains("Lock.unlock was called by microthread \"main\""), e.getMessage());
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    @Test
    void tryLockWithTimeoutGivesUpAtTheVirtualDeadline() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            Spawn.start(trace, "holder", () -> {
                lock.lock();
                Microthread.sleep(TimeUnit.HOURS.toMillis(1));
                lock.unlock();
            });
            Microthread.yield();
            boolean got = lock.tryLock(50, TimeUnit.MILLISECONDS);
            trace.add("got " + got + " at " + Run.nowMillis() + " ms");
        });
        trace.assertEvents("got false at 50 ms");
    }

    @Test
    void tryLockWithTimeoutGetsTheLockWhenReleasedInTime() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            Spawn.start(trace, "holder", () -> {
                lock.lock();
                Microthread.sleep(30);
                trace.add("holder unlocks at " + Run.nowMillis() + " ms");
                lock.unlock();
            });
            Microthread.yield();
            boolean got = lock.tryLock(100, TimeUnit.MILLISECONDS);
            trace.add("got " + got + " at " + Run.nowMillis() + " ms, holds " + lock.getHoldCount());
            lock.unlock();
        });
        trace.assertEvents("holder unlocks at 30 ms", "got true at 30 ms, holds 1");
    }

    @Test
    void tryLockWithZeroOrNegativeTimeoutDoesNotWait() {
        final Lock lock = new Lock();
        Run.virtual(() -> {
            Microthread.builder().name("holder").start(() -> {
                lock.lock();
                try {
                    Microthread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // not interrupted in this test
                }
                lock.unlock();
            });
            Microthread.yield();
            assertFalse(lock.tryLock(0, TimeUnit.SECONDS));
            assertFalse(lock.tryLock(-5, TimeUnit.SECONDS));
            assertEquals(0, Run.nowMillis());
        });
    }

    @Test
    void timedOutWaiterLeavesTheQueueWithoutDisturbingTheOthers() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            lock.lock();
            Spawn.start(trace, "B", () -> trace.add("B got " + lock.tryLock(10, TimeUnit.MILLISECONDS)
                    + " at " + Run.nowMillis()));
            Spawn.start(trace, "C", () -> {
                lock.lock();
                trace.add("C locked at " + Run.nowMillis());
                lock.unlock();
            });
            Microthread.sleep(20);
            trace.add("main unlocks");
            lock.unlock();
        });
        trace.assertEvents("B got false at 10", "main unlocks", "C locked at 20");
    }

    @Test
    void lockInterruptiblyThrowsWhenInterruptedAndClearsTheFlag() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            lock.lock();
            Microthread waiter = Spawn.start(trace, "W", () -> {
                try {
                    lock.lockInterruptibly();
                    trace.add("W locked");
                } catch (InterruptedException e) {
                    trace.add("W interrupted, flag " + Microthread.current().isInterrupted()
                            + ", holds " + lock.getHoldCount());
                }
            });
            Microthread.yield();
            waiter.interrupt();
            trace.add("main interrupted W");
            Microthread.yield();
            lock.unlock();
            trace.add("locked after unlock: " + lock.isLocked());
        });
        trace.assertEvents("main interrupted W", "W interrupted, flag false, holds 0", "locked after unlock: false");
    }

    @Test
    void lockInterruptiblyWithTheFlagSetThrowsEvenWhenTheLockIsFree() {
        Run.virtual(() -> {
            Lock lock = new Lock();
            Microthread.current().interrupt();
            assertThrows(InterruptedException.class, lock::lockInterruptibly);
            assertFalse(Microthread.current().isInterrupted());
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void timedTryLockInterruptedWhileWaitingThrowsAndLeavesTheQueue() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            lock.lock();
            Microthread w = Spawn.start(trace, "W", () -> {
                try {
                    trace.add("W got " + lock.tryLock(1, TimeUnit.HOURS));
                } catch (InterruptedException e) {
                    trace.add("W interrupted at " + Run.nowMillis() + ", flag " + Microthread.current().isInterrupted());
                }
            });
            Spawn.start(trace, "X", () -> {
                lock.lock();
                trace.add("X locked");
                lock.unlock();
            });
            Microthread.sleep(7);
            w.interrupt();
            Microthread.yield();
            lock.unlock();
        });
        trace.assertEvents("W interrupted at 7, flag false", "X locked");
    }

    @Test
    void lockIgnoresInterruptsAndKeepsTheFlag() {
        final Trace trace = new Trace();
        final Lock lock = new Lock();
        Run.virtual(() -> {
            lock.lock();
            Microthread waiter = Spawn.start(trace, "W", () -> {
                lock.lock();
                trace.add("W locked, flag " + Microthread.current().isInterrupted());
                lock.unlock();
            });
            Microthread.yield();
            waiter.interrupt();
            Microthread.yield();
            Microthread.yield();
            trace.add("main unlocks");
            lock.unlock();
        });
        trace.assertEvents("main unlocks", "W locked, flag true");
    }

    @Test
    void twoLockCycleIsReportedAsDeadlockNamingBothMicrothreadsAndWhereTheyWait() {
        final Lock l1 = new Lock();
        final Lock l2 = new Lock();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            Microthread a = Microthread.builder().name("A").start(() -> lockBoth(l1, l2));
            Microthread b = Microthread.builder().name("B").start(() -> lockBoth(l2, l1));
            a.join();
            b.join();
        }));
        String m = e.getMessage();
        assertTrue(m.contains("\"A\""), m);
        assertTrue(m.contains("\"B\""), m);
        assertTrue(m.contains("lock of Lock@"), m);
        assertTrue(m.contains("held by microthread \"A\""), m);
        assertTrue(m.contains("held by microthread \"B\""), m);
        assertTrue(m.contains("dev.weft.sync.Lock.lock"), m);
        assertTrue(m.contains("LockTest.lockBoth"), m);
    }

    private static void lockBoth(Lock first, Lock second) {
        first.lock();
        try {
            Microthread.yield(); // let the other take its first lock
            second.lock();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    @Test
    void lockFromAPlainThreadThrowsIllegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Lock().lock());
        assertTrue(e.getMessage().contains("Lock.lock must be called from a microthread"), e.getMessage());
    }

    @Test
    void tryLockWithNullUnitThrowsNullPointer() {
        NullPointerException e = Run.virtual(() ->
                assertThrows(NullPointerException.class, () -> new Lock().tryLock(1, null)));
        assertTrue(e.getMessage().contains("unit is null"), e.getMessage());
    }

    @Test
    void lockOfAnotherRunningSchedulerIsRejected() {
        final Lock lock = new Lock();
        IllegalStateException e = Run.virtual(() -> {
            lock.lock();
            try {
                return assertThrows(IllegalStateException.class, () -> Run.virtual(() -> lock.tryLock()));
            } finally {
                lock.unlock();
            }
        });
        assertTrue(e.getMessage().contains("Lock.tryLock was called from microthread \"main\""), e.getMessage());
        assertTrue(e.getMessage().contains("belongs to scheduler"), e.getMessage());
    }

    @Test
    void toStringShowsOwnerHoldCountAndWaiters() {
        final Lock lock = new Lock();
        String s = Run.virtual(() -> {
            lock.lock();
            lock.lock();
            Microthread.builder().name("W").start(() -> {
                lock.lock();
                lock.unlock();
            });
            Microthread.yield();
            String locked = lock.toString();
            lock.unlock();
            lock.unlock();
            return locked;
        });
        assertTrue(s.matches("Lock@[0-9a-f]+\\[locked by microthread \"main\" #\\d+, hold count 2, 1 waiting]"), s);
        assertTrue(lock.toString().endsWith("[unlocked]"), lock.toString());
    }
}
