package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.SchedulerClock;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §2 rule 6: the virtual clock stands still while anything is runnable and jumps to the next deadline. */
class VirtualClockTest {

    @Test
    void virtualClockStartsAtZero() {
        long start = Run.virtual(() -> Scheduler.current().clock().nanoTime());
        assertEquals(0L, start);
    }

    @Test
    void virtualClockStandsStillWhileMicrothreadsAreRunnable() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> {
                for (int i = 0; i < 100; i++) {
                    Microthread.yield();
                }
            });
            for (int i = 0; i < 100; i++) {
                Microthread.yield();
            }
            trace.add("after 100 yields at " + Scheduler.current().clock().nanoTime() + " ns");
        });
        trace.assertEvents("after 100 yields at 0 ns");
    }

    @Test
    void aSleeperDoesNotWakeWhileAnotherMicrothreadKeepsYielding() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.sleep(1);
                    trace.add("sleeper woke at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            for (int i = 0; i < 1000; i++) {
                Microthread.yield();
            }
            trace.add("main done yielding at " + Run.nowMillis());
            Microthread.sleep(5);
            trace.add("main woke at " + Run.nowMillis());
        });
        trace.assertEvents("main done yielding at 0", "sleeper woke at 1", "main woke at 5");
    }

    @Test
    void virtualClockJumpsExactlyToTheNextDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            SchedulerClock clock = Scheduler.current().clock();
            Microthread.sleep(250);
            trace.add("t=" + clock.nanoTime());
            Microthread.sleep(Duration.ofNanos(7));
            trace.add("t=" + clock.nanoTime());
            Microthread.sleep(Duration.ofSeconds(2));
            trace.add("t=" + clock.nanoTime());
        });
        trace.assertEvents("t=250000000", "t=250000007", "t=2250000007");
    }

    @Test
    void anHourOfSleepTakesNoRealTime() {
        // fails after 30 s of real time if the clock were real: an hour can never pass that fast
        long slept = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Run.virtual(() -> {
            long before = Scheduler.current().clock().nanoTime();
            Microthread.sleep(Duration.ofHours(1));
            return Scheduler.current().clock().nanoTime() - before;
        }));
        assertEquals(TimeUnit.HOURS.toNanos(1), slept);
    }

    @Test
    void yearsOfInterleavedSleepsTakeNoRealTimeAndKeepTheirOrder() {
        final Trace trace = new Trace();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Run.virtual(() -> {
            Microthread.start(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        Microthread.sleep(Duration.ofDays(365));
                        trace.add("yearly " + Run.nowMillis() / TimeUnit.DAYS.toMillis(1));
                    }
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            for (int i = 0; i < 2; i++) {
                Microthread.sleep(Duration.ofDays(500));
                trace.add("main " + Run.nowMillis() / TimeUnit.DAYS.toMillis(1));
            }
        }));
        trace.assertEvents("yearly 365", "main 500", "yearly 730", "main 1000", "yearly 1095");
    }

    @Test
    void virtualTimeSchedulerReportsAVirtualClock() {
        assertTrue(Run.scheduler().clock().isVirtual());
        assertTrue(Run.virtual(() -> Scheduler.current().clock().isVirtual()));
    }

    @Test
    void defaultSchedulerClockIsTheSystemClock() {
        Scheduler s = Scheduler.create();
        assertFalse(s.clock().isVirtual());
        long before = System.nanoTime();
        long t = s.clock().nanoTime();
        long after = System.nanoTime();
        assertTrue(before <= t && t <= after, "the system clock follows System.nanoTime()");
    }

    @Test
    void sameProgramProducesTheSameEventsOnEveryRun() {
        Trace first = interleavedProgram();
        for (int i = 0; i < 5; i++) {
            assertEquals(first.events(), interleavedProgram().events());
        }
    }

    private static Trace interleavedProgram() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            for (int i = 0; i < 5; i++) {
                final int n = i;
                Microthread.start(() -> {
                    try {
                        for (int k = 0; k < 4; k++) {
                            if ((n + k) % 2 == 0) {
                                Microthread.sleep(n + k);
                            } else {
                                Microthread.yield();
                            }
                            trace.add(n + ":" + k + "@" + Run.nowMillis());
                        }
                    } catch (InterruptedException e) {
                        trace.add("unexpected interrupt");
                    }
                });
            }
        });
        return trace;
    }

    @Test
    void anInterruptedSleepDoesNotMoveTheClockToItsDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread sleeper = Microthread.start(() -> {
                try {
                    Microthread.sleep(Duration.ofDays(1));
                } catch (InterruptedException e) {
                    trace.add("sleeper interrupted at " + Run.nowMillis());
                }
            });
            Microthread.yield();
            sleeper.interrupt();
            sleeper.join();
            Microthread.sleep(10);
            trace.add("main at " + Run.nowMillis());
        });
        trace.assertEvents("sleeper interrupted at 0", "main at 10");
    }

    @Test
    void aJoinThatSucceedsBeforeItsTimeoutLeavesNoTimerBehind() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread quick = Microthread.start(() -> {
                try {
                    Microthread.sleep(5);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            trace.add("joined " + quick.join(Duration.ofDays(1)) + " at " + Run.nowMillis());
            quick.join(TimeUnit.DAYS.toMillis(1));
            Microthread.sleep(1);
            trace.add("main at " + Run.nowMillis());
        });
        trace.assertEvents("joined true at 5", "main at 6");
    }

    @Test
    void hugeTimeoutsSaturateInsteadOfOverflowing() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread target = Microthread.start(() -> {
                try {
                    Microthread.sleep(5);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            target.join(Long.MAX_VALUE);
            trace.add("join(Long.MAX_VALUE) returned at " + Run.nowMillis());
            Microthread sleeper = Microthread.start(() -> {
                try {
                    Microthread.sleep(Duration.ofSeconds(Long.MAX_VALUE));
                    trace.add("woke after forever");
                } catch (InterruptedException e) {
                    trace.add("forever-sleeper interrupted at " + Run.nowMillis());
                }
            });
            trace.add("join(max Duration) " + sleeper.join(Duration.ofMillis(20)) + " at " + Run.nowMillis());
            sleeper.interrupt();
        });
        trace.assertEvents("join(Long.MAX_VALUE) returned at 5", "join(max Duration) false at 25",
                "forever-sleeper interrupted at 25");
    }
}
