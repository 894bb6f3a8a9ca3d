package dev.weft.compat.sync;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import dev.weft.sync.CountDownLatch;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountDownLatchTest {

    @Test
    void waitersBlockedBeforeZeroAllWakeInArrivalOrderWhenTheCountReachesZero() {
        final Trace trace = new Trace();
        final CountDownLatch latch = new CountDownLatch(2);
        Run.virtual(() -> {
            for (final String name : new String[] {"W1", "W2", "W3"}) {
                Spawn.start(trace, name, () -> {
                    latch.await();
                    trace.add(name + " passed");
                });
            }
            Microthread.yield();
            latch.countDown();
            trace.add("count " + latch.getCount());
            Microthread.yield();
            latch.countDown();
            trace.add("count " + latch.getCount());
        });
        trace.assertEvents("count 1", "count 0", "W1 passed", "W2 passed", "W3 passed");
    }

    @Test
    void awaitAfterTheCountReachedZeroReturnsWithoutSuspending() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            CountDownLatch latch = new CountDownLatch(1);
            latch.countDown();
            Spawn.start(trace, "other", () -> trace.add("other ran"));
            latch.await();
            trace.add("timed " + latch.await(1, TimeUnit.SECONDS));
            trace.add("main passed");
        });
        trace.assertEvents("timed true", "main passed", "other ran");
    }

    @Test
    void timedAwaitReturnsFalseAtTheVirtualDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            CountDownLatch latch = new CountDownLatch(1);
            trace.add("opened " + latch.await(2, TimeUnit.SECONDS) + " at " + Run.nowMillis() + " ms");
            trace.add("zero timeout " + latch.await(0, TimeUnit.SECONDS) + " at " + Run.nowMillis() + " ms");
        });
        trace.assertEvents("opened false at 2000 ms", "zero timeout false at 2000 ms");
    }

    @Test
    void timedAwaitReturnsTrueWhenTheCountReachesZeroInTime() {
        final Trace trace = new Trace();
        final CountDownLatch latch = new CountDownLatch(1);
        Run.virtual(() -> {
            Spawn.start(trace, "counter", () -> {
                Microthread.sleep(300);
                latch.countDown();
            });
            trace.add("opened " + latch.await(1, TimeUnit.SECONDS) + " at " + Run.nowMillis() + " ms");
        });
        trace.assertEvents("opened true at 300 ms");
    }

    @Test
    void countDownAtZeroDoesNothing() {
        Run.virtual(() -> {
            CountDownLatch latch = new CountDownLatch(0);
            latch.countDown();
            assertEquals(0, latch.getCount());
            latch.await();
        });
    }

    @Test
    void awaitInterruptedWhileWaitingThrowsAndClearsTheFlag() {
        final Trace trace = new Trace();
        final CountDownLatch latch = new CountDownLatch(1);
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                try {
                    latch.await();
                    trace.add("W passed");
                } catch (InterruptedException e) {
                    trace.add("W interrupted, flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            w.interrupt();
            trace.add("main interrupted W");
        });
        trace.assertEvents("main interrupted W", "W interrupted, flag false");
    }

    @Test
    void awaitWithTheFlagSetThrowsEvenWhenTheLatchIsOpen() {
        Run.virtual(() -> {
            CountDownLatch open = new CountDownLatch(0);
            Microthread.current().interrupt();
            assertThrows(InterruptedException.class, open::await);
        });
    }

    @Test
    void awaitThatCanNeverEndIsReportedAsDeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            new CountDownLatch(1).await();
        }));
        assertTrue(e.getMessage().contains("await of CountDownLatch@"), e.getMessage());
        assertTrue(e.getMessage().contains("[count = 1, 1 waiting]"), e.getMessage());
    }

    @Test
    void negativeCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CountDownLatch(-1));
        assertTrue(e.getMessage().contains("CountDownLatch(-1): the count must not be negative"), e.getMessage());
    }

    @Test
    void timedAwaitWithNullUnitThrowsNullPointer() {
        Run.virtual(() -> {
            NullPointerException e = assertThrows(NullPointerException.class, () -> new CountDownLatch(1).await(1, null));
            assertTrue(e.getMessage().contains("unit is null"), e.getMessage());
        });
    }

    @Test
    void countDownFromAPlainThreadThrowsIllegalState() {
        CountDownLatch latch = new CountDownLatch(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, latch::countDown);
        assertTrue(e.getMessage().contains("CountDownLatch.countDown must be called from a microthread"), e.getMessage());
        assertEquals(1, latch.getCount());
    }
}
