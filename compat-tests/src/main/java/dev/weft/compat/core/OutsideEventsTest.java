package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.compat.support.Trace;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2 rule 7 and the Thread API used from plain threads: work and interrupts that come from
 * outside the carrier. These tests involve real threads, so they wait with Awaitility.
 */
class OutsideEventsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** weft documents N = 64: outside events get in at least once every 64 dispatches. */
    private static final int OUTSIDE_EVERY = 64;

    @Test
    void outsideWorkGetsInWithinADocumentedNumberOfDispatchesWhileAMicrothreadKeepsYielding() throws Exception {
        final Scheduler scheduler = Scheduler.create();
        final AtomicBoolean mainRuns = new AtomicBoolean();
        final AtomicBoolean posted = new AtomicBoolean();
        final AtomicLong yieldsSincePosted = new AtomicLong();
        final AtomicLong yieldsWhenTaskRan = new AtomicLong(-1);
        final AtomicBoolean taskRan = new AtomicBoolean();
        final AtomicReference<Object> result = new AtomicReference<Object>();
        Thread carrier = new Thread(() -> {
            try {
                result.set(scheduler.run(() -> {
                    mainRuns.set(true);
                    long giveUp = System.nanoTime() + PATIENCE.toNanos();
                    // never suspends except by yield: the run queue is never empty
                    while (!taskRan.get() && System.nanoTime() - giveUp < 0) {
                        if (posted.get()) {
                            yieldsSincePosted.incrementAndGet(); // the task is surely handed over by now
                        }
                        Microthread.yield();
                    }
                    return taskRan.get();
                }));
            } catch (Throwable t) {
                result.set(t);
            }
        }, "busy-carrier");
        carrier.start();
        Awaitility.await().atMost(PATIENCE).untilTrue(mainRuns);
        scheduler.execute(() -> {
            yieldsWhenTaskRan.set(yieldsSincePosted.get());
            taskRan.set(true);
        });
        posted.set(true);
        carrier.join(PATIENCE.toMillis());
        assertEquals(Boolean.TRUE, result.get(), "the outside task ran while main kept yielding");
        long waited = yieldsWhenTaskRan.get();
        // drained within 64 dispatches, then queued behind main, which yields once more
        assertTrue(waited <= OUTSIDE_EVERY + 1,
                "the outside task waited " + waited + " dispatches of main; at most " + OUTSIDE_EVERY + " + 1 expected");
    }

    @Test
    void interruptFromAPlainThreadWakesASleepingMicrothread() throws Exception {
        final Trace trace = new Trace();
        Microthread sleeper = Microthread.builder().name("outside-sleeper").start(() -> {
            try {
                Microthread.sleep(Duration.ofDays(1));
                trace.add("slept a day");
            } catch (InterruptedException e) {
                trace.add("interrupted, flag " + Microthread.current().isInterrupted());
            }
        });
        Awaitility.await().atMost(PATIENCE).until(() -> sleeper.getState() == Thread.State.TIMED_WAITING);
        sleeper.interrupt();
        assertTrue(sleeper.join(PATIENCE));
        trace.assertEvents("interrupted, flag false");
    }

    @Test
    void plainThreadSeesTheStatesOfAMicrothreadOnTheDefaultScheduler() throws Exception {
        final AtomicBoolean release = new AtomicBoolean();
        final Microthread waiter = Microthread.start(() -> {
            try {
                while (!release.get()) {
                    Microthread.sleep(1);
                }
            } catch (InterruptedException e) {
                // ended
            }
        });
        Microthread joiner = Microthread.start(() -> {
            try {
                waiter.join();
            } catch (InterruptedException e) {
                // ended
            }
        });
        Awaitility.await().atMost(PATIENCE).until(() -> joiner.getState() == Thread.State.WAITING);
        assertTrue(waiter.isAlive());
        release.set(true);
        assertTrue(joiner.join(PATIENCE));
        assertEquals(Thread.State.TERMINATED, waiter.getState());
        assertEquals(Thread.State.TERMINATED, joiner.getState());
    }

    @Test
    void severalPlainThreadsJoiningTheSameMicrothreadAreAllReleased() throws Exception {
        final AtomicBoolean release = new AtomicBoolean();
        final Microthread target = Microthread.start(() -> {
            try {
                while (!release.get()) {
                    Microthread.sleep(1);
                }
            } catch (InterruptedException e) {
                // ended
            }
        });
        final AtomicLong released = new AtomicLong();
        Thread[] joiners = new Thread[6];
        for (int i = 0; i < joiners.length; i++) {
            final boolean timed = i % 2 == 0;
            joiners[i] = new Thread(() -> {
                try {
                    if (timed) {
                        // short timed joins come and go while the others wait
                        while (!target.join(Duration.ofMillis(1))) {
                            Thread.yield();
                        }
                    } else {
                        target.join();
                    }
                    released.incrementAndGet();
                } catch (InterruptedException e) {
                    // the test fails on the count
                }
            });
            joiners[i].start();
        }
        final Thread[] all = joiners;
        Awaitility.await().atMost(PATIENCE).until(() -> {
            for (int i = 1; i < all.length; i += 2) {
                if (all[i].getState() != Thread.State.WAITING) {
                    return false; // the untimed joiners are not all blocked yet
                }
            }
            return true;
        });
        release.set(true);
        for (Thread j : joiners) {
            j.join(PATIENCE.toMillis());
            assertFalse(j.isAlive(), () -> stuckJoin(j, target));
        }
        assertEquals(joiners.length, released.get());
    }

    /** What a failure of the test above needs to be understood: where the joiner and the carriers are. */
    private static String stuckJoin(Thread joiner, Microthread target) {
        StringBuilder b = new StringBuilder("a plain thread stayed blocked in join: ").append(joiner)
                .append(' ').append(joiner.getState()).append(" at ").append(Arrays.toString(joiner.getStackTrace()))
                .append("\njoined: ").append(target).append(", ").append(target.getState())
                .append(" on ").append(target.scheduler());
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("weft-default-carrier")) {
                b.append("\ncarrier ").append(e.getKey()).append(' ').append(e.getKey().getState())
                        .append(" at ").append(Arrays.toString(e.getValue()));
            }
        }
        return b.toString();
    }
}
