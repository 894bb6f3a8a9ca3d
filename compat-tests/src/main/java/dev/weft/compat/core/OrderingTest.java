package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SPEC §2, rules 2 to 5, one by one: the run queue is FIFO, start and yield append at the tail,
 * every wake-up appends the woken microthread at the tail at that moment while the waker keeps
 * running, wait queues are FIFO, and due timers fire when the running microthread suspends.
 */
class OrderingTest {

    @Test
    void startAppendsAtTheTailAndTheStarterKeepsRunning() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> trace.add("A"));
            trace.add("main after starting A");
            Microthread.start(() -> trace.add("B"));
            trace.add("main after starting B");
        });
        trace.assertEvents("main after starting A", "main after starting B", "A", "B");
    }

    @Test
    void startedMicrothreadsRunInStartOrderWhenTheStarterYields() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            for (int i = 0; i < 4; i++) {
                final int n = i;
                Microthread.start(() -> trace.add("child", n));
            }
            trace.add("main yields");
            Microthread.yield();
            trace.add("main again");
        });
        trace.assertEvents("main yields", "child0", "child1", "child2", "child3", "main again");
    }

    @Test
    void yieldMovesTheCurrentMicrothreadToTheTail() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            for (final String name : new String[] {"A", "B", "C"}) {
                Microthread.start(() -> {
                    trace.add(name + "1");
                    Microthread.yield();
                    trace.add(name + "2");
                    Microthread.yield();
                    trace.add(name + "3");
                });
            }
        });
        trace.assertEvents("A1", "B1", "C1", "A2", "B2", "C2", "A3", "B3", "C3");
    }

    @Test
    void yieldWithNothingElseRunnableContinuesAtOnce() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            trace.add("before");
            Microthread.yield();
            trace.add("after");
            trace.add("clock", Run.nowMillis());
        });
        trace.assertEvents("before", "after", "clock0");
    }

    @Test
    void specExampleInterleavesMainAndChildAsABAB() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            trace.add("A");
            Microthread.start(() -> {
                trace.add("B");
                Microthread.yield();
                trace.add("B");
            });
            Microthread.yield();
            trace.add("A");
        });
        trace.assertEvents("A", "B", "A", "B");
    }

    @Test
    void aMicrothreadStartedByAChildGoesBehindEverythingAlreadyQueued() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> {
                trace.add("A");
                Microthread.start(() -> trace.add("A's child"));
            });
            Microthread.start(() -> trace.add("B"));
            Microthread.yield();
            trace.add("main");
        });
        trace.assertEvents("A", "B", "main", "A's child");
    }

    @Test
    void joinWakeUpAppendsTheJoinerBehindMicrothreadsAlreadyQueued() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread x = Microthread.start(() -> trace.add("X ends"));
            Microthread.start(() -> {
                trace.add("Y1");
                Microthread.yield();
                trace.add("Y2");
            });
            x.join();
            trace.add("main joined X");
        });
        // X ends and wakes main: main goes behind Y (queued before); Y yields and goes behind main
        trace.assertEvents("X ends", "Y1", "main joined X", "Y2");
    }

    @Test
    void joinersAreWokenInFifoOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread target = Microthread.start(() -> {
                try {
                    Microthread.sleep(10);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
                trace.add("target ends");
            });
            for (final String name : new String[] {"J1", "J2", "J3"}) {
                Microthread.start(() -> {
                    try {
                        trace.add(name + " joins");
                        target.join();
                        trace.add(name + " woken");
                    } catch (InterruptedException e) {
                        trace.add("unexpected interrupt");
                    }
                });
            }
        });
        trace.assertEvents("J1 joins", "J2 joins", "J3 joins", "target ends", "J1 woken", "J2 woken", "J3 woken");
    }

    @Test
    void interruptAppendsTheWokenMicrothreadAtTheTailAndTheInterrupterKeepsRunning() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread sleeper = Microthread.start(() -> {
                try {
                    trace.add("sleeper sleeps");
                    Microthread.sleep(TimeUnit.HOURS.toMillis(1));
                    trace.add("sleeper woke normally");
                } catch (InterruptedException e) {
                    trace.add("sleeper interrupted at " + Run.nowMillis());
                }
            });
            Microthread.yield();
            Microthread.start(() -> trace.add("queued before the interrupt"));
            sleeper.interrupt();
            trace.add("main after interrupt");
            Microthread.start(() -> trace.add("queued after the interrupt"));
            Microthread.yield();
            trace.add("main after yield");
        });
        trace.assertEvents("sleeper sleeps", "main after interrupt", "queued before the interrupt",
                "sleeper interrupted at 0", "queued after the interrupt", "main after yield");
    }

    @Test
    void timerWakeUpsGoBehindMicrothreadsAlreadyQueued() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.sleep(10);
                    trace.add("S woke at " + Run.nowMillis());
                    Microthread.start(() -> trace.add("started by S"));
                    Microthread.yield();
                    trace.add("S again");
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.yield(); // S creates its timer
            Microthread.sleep(10); // same deadline, created after S's: fires after it
            trace.add("main woke at " + Run.nowMillis());
        });
        trace.assertEvents("S woke at 10", "main woke at 10", "started by S", "S again");
    }

    @Test
    void timersWithEqualDeadlinesFireInCreationOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            for (final String name : new String[] {"A", "B", "C", "D"}) {
                Microthread.start(() -> {
                    try {
                        Microthread.sleep(5);
                        trace.add(name);
                    } catch (InterruptedException e) {
                        trace.add("unexpected interrupt");
                    }
                });
            }
        });
        trace.assertEvents("A", "B", "C", "D");
    }

    @Test
    void tiedTimersFollowCreationOrderNotStartOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.yield(); // lets B create its timer first
                    Microthread.sleep(5);
                    trace.add("A");
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.start(() -> {
                try {
                    Microthread.sleep(5);
                    trace.add("B");
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
        });
        trace.assertEvents("B", "A");
    }

    @Test
    void timersFireEarliestDeadlineFirst() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            for (final long ms : new long[] {30, 10, 20}) {
                Microthread.start(() -> {
                    try {
                        Microthread.sleep(ms);
                        trace.add(ms + "ms sleeper at " + Run.nowMillis());
                    } catch (InterruptedException e) {
                        trace.add("unexpected interrupt");
                    }
                });
            }
        });
        trace.assertEvents("10ms sleeper at 10", "20ms sleeper at 20", "30ms sleeper at 30");
    }

    @Test
    void aDueTimerFiresWhenTheCurrentMicrothreadYieldsAndQueuesBehindIt() {
        // system clock: the only way to make a deadline pass while a microthread is running. The
        // timer is long enough (100 ms) that it cannot fire before main runs again after its first
        // yield, even on a machine that stalls for a few milliseconds there (a 1 ms timer could,
        // and then the sleeper was queued ahead of main's second yield: a flaky test, not a rule)
        final Trace trace = new Trace();
        final Scheduler scheduler = Scheduler.create();
        final long[] timerSetAt = new long[1];
        scheduler.run(() -> {
            final Microthread sleeper = Microthread.start(() -> {
                try {
                    timerSetAt[0] = scheduler.clock().nanoTime();
                    Microthread.sleep(100);
                    trace.add("sleeper woke");
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.yield(); // the sleeper sets its timer
            assertEquals(Thread.State.TIMED_WAITING, sleeper.getState(), "the timer fired before main ran again");
            long until = timerSetAt[0] + TimeUnit.MILLISECONDS.toNanos(110);
            while (scheduler.clock().nanoTime() - until < 0) {
                // busy: nothing preempts a running microthread, so the timer cannot fire now
            }
            assertEquals(Thread.State.TIMED_WAITING, sleeper.getState(), "the due timer fired while main was running");
            trace.add("main yields after the deadline");
            Microthread.yield(); // main goes to the tail first, then the due timer queues the sleeper
            trace.add("main runs again");
        });
        trace.assertEvents("main yields after the deadline", "main runs again", "sleeper woke");
    }

    @Test
    void aTimedOutJoinGoesToTheTailAtItsDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread forever = Microthread.builder().daemon(true).start(() -> {
                try {
                    Microthread.sleep(TimeUnit.DAYS.toMillis(1));
                } catch (InterruptedException e) {
                    // shut down at the end of run
                }
            });
            Microthread.start(() -> {
                try {
                    Microthread.sleep(10);
                    trace.add("sleeper at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.yield(); // the sleeper's timer is created before main's join timer
            boolean ended = forever.join(java.time.Duration.ofMillis(10));
            trace.add("join returned " + ended + " at " + Run.nowMillis());
        });
        trace.assertEvents("sleeper at 10", "join returned false at 10");
    }
}
