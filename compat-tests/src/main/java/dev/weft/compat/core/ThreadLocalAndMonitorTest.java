package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a microthread shares with a JDK virtual thread beyond the Thread API: its own
 * ThreadLocal values, InheritableThreadLocal inheritance, and monitors that keep mutual exclusion
 * even when the owner suspends inside {@code synchronized}.
 */
class ThreadLocalAndMonitorTest {

    private static final ThreadLocal<String> LOCAL = new ThreadLocal<String>();
    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<String>();

    @Test
    void threadLocalValuesArePrivateToEachMicrothread() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            LOCAL.set("main's");
            for (final String name : new String[] {"A", "B"}) {
                Microthread.start(() -> {
                    trace.add(name + " starts with " + LOCAL.get());
                    LOCAL.set(name + "'s");
                    Microthread.yield();
                    trace.add(name + " still has " + LOCAL.get());
                });
            }
            Microthread.yield();
            trace.add("main still has " + LOCAL.get());
            Microthread.yield();
        });
        trace.assertEvents("A starts with null", "B starts with null", "main still has main's",
                "A still has A's", "B still has B's");
    }

    @Test
    void threadLocalValuesSurviveSleeps() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            for (final int n : new int[] {1, 2, 3}) {
                Microthread.start(() -> {
                    try {
                        LOCAL.set("value " + n);
                        Microthread.sleep(10 * (4 - n));
                        trace.add(n + " has " + LOCAL.get() + " at " + Run.nowMillis());
                    } catch (InterruptedException e) {
                        trace.add("unexpected interrupt");
                    }
                });
            }
        });
        trace.assertEvents("3 has value 3 at 10", "2 has value 2 at 20", "1 has value 1 at 30");
    }

    @Test
    void inheritableThreadLocalValuesAreCopiedToMicrothreadsStartedByAMicrothread() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            INHERITED.set("from main");
            Microthread.start(() -> {
                trace.add("child sees " + INHERITED.get());
                INHERITED.set("changed by child");
                Microthread.start(() -> trace.add("grandchild sees " + INHERITED.get()));
            }).join();
            trace.add("main still sees " + INHERITED.get());
        });
        // the grandchild was queued before the child ended and woke main
        trace.assertEvents("child sees from main", "grandchild sees changed by child", "main still sees from main");
    }

    @Test
    void synchronizedBlocksThatSuspendInsideKeepMutualExclusion() {
        final Trace trace = new Trace();
        final Object lock = new Object();
        Run.virtual(() -> {
            for (final String name : new String[] {"A", "B", "C"}) {
                Microthread.start(() -> {
                    trace.add(name + " wants the lock");
                    synchronized (lock) {
                        trace.add(name + " in at " + Run.nowMillis());
                        Microthread.yield();
                        try {
                            Microthread.sleep(10);
                        } catch (InterruptedException e) {
                            trace.add("unexpected interrupt");
                        }
                        trace.add(name + " out at " + Run.nowMillis());
                    }
                });
            }
        });
        trace.assertEvents("A wants the lock", "A in at 0", "B wants the lock", "C wants the lock",
                "A out at 10", "B in at 10", "B out at 20", "C in at 20", "C out at 30");
    }

    @Test
    void aMicrothreadThatYieldsInsideSynchronizedLetsOthersRunThatDoNotNeedTheLock() {
        final Trace trace = new Trace();
        final Object lock = new Object();
        Run.virtual(() -> {
            Microthread.start(() -> {
                synchronized (lock) {
                    trace.add("holder in");
                    Microthread.yield();
                    trace.add("holder out");
                }
            });
            Microthread.start(() -> trace.add("free runner"));
        });
        trace.assertEvents("holder in", "free runner", "holder out");
    }

    @Test
    void waitInsideSynchronizedLetsTheNotifierInAndResumesAfterItLeaves() {
        final Trace trace = new Trace();
        final Object box = new Object();
        final java.util.List<String> items = new java.util.ArrayList<String>();
        Run.virtual(() -> {
            Microthread.start(() -> {
                synchronized (box) {
                    while (items.isEmpty()) {
                        trace.add("consumer waits");
                        try {
                            box.wait();
                        } catch (InterruptedException e) {
                            trace.add("unexpected interrupt");
                        }
                    }
                    trace.add("consumer got " + items.remove(0));
                }
            });
            Microthread.start(() -> {
                synchronized (box) {
                    items.add("x");
                    trace.add("producer notifies");
                    box.notifyAll();
                    Microthread.yield();
                    trace.add("producer leaves");
                }
            });
        });
        // the consumer cannot return from wait() before the producer leaves the monitor
        trace.assertEvents("consumer waits", "producer notifies", "producer leaves", "consumer got x");
    }

    @Test
    void aMicrothreadWaitingOnAMonitorIsInterruptedAndHoldsTheMonitorAgainWhenItCatches() {
        final Trace trace = new Trace();
        final Object box = new Object();
        Run.virtual(() -> {
            Microthread waiter = Microthread.start(() -> {
                synchronized (box) {
                    try {
                        box.wait();
                        trace.add("woken without interrupt");
                    } catch (InterruptedException e) {
                        trace.add("interrupted, holds the monitor: " + Thread.holdsLock(box)
                                + ", interrupt status: " + Thread.currentThread().isInterrupted());
                    }
                }
            });
            Microthread.yield();
            trace.add("main interrupts");
            waiter.interrupt();
        });
        trace.assertEvents("main interrupts", "interrupted, holds the monitor: true, interrupt status: false");
    }

    @Test
    void theMainMicrothreadDoesNotSeeTheCallingThreadsThreadLocals() {
        LOCAL.set("the test thread's");
        try {
            String seen = Run.virtual(() -> {
                String mine = LOCAL.get();
                LOCAL.set("main's");
                return String.valueOf(mine);
            });
            assertEquals("null", seen);
            assertEquals("the test thread's", LOCAL.get(), "main's value did not leak into the calling thread");
        } finally {
            LOCAL.remove();
        }
    }

    @Test
    void theMainMicrothreadInheritsTheCallingThreadsInheritableThreadLocals() {
        INHERITED.set("the test thread's");
        try {
            String seen = Run.virtual(() -> {
                String mine = INHERITED.get();
                INHERITED.set("main's");
                return mine;
            });
            assertEquals("the test thread's", seen);
            assertEquals("the test thread's", INHERITED.get(), "main's change did not reach the calling thread");
        } finally {
            INHERITED.remove();
        }
    }
}
