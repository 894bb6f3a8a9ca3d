package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interrupts as on a JDK 25 virtual thread: the flag, and how blocking operations answer it. */
class InterruptTest {

    @Test
    void interruptBeforeSleepMakesSleepThrowAtOnceAndClearsTheFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.current().interrupt();
            try {
                Microthread.sleep(1000);
                trace.add("slept");
            } catch (InterruptedException e) {
                trace.add("interrupted at " + Run.nowMillis() + ", flag " + Microthread.current().isInterrupted());
            }
        });
        trace.assertEvents("interrupted at 0, flag false");
    }

    @Test
    void interruptBeforeSleepOfZeroAlsoThrows() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.current().interrupt();
            try {
                Microthread.sleep(0);
                trace.add("no throw");
            } catch (InterruptedException e) {
                trace.add("sleep(0) threw");
            }
            Microthread.current().interrupt();
            try {
                Microthread.sleep(Duration.ZERO);
                trace.add("no throw");
            } catch (InterruptedException e) {
                trace.add("sleep(ZERO) threw");
            }
        });
        trace.assertEvents("sleep(0) threw", "sleep(ZERO) threw");
    }

    @Test
    void interruptDuringSleepWakesTheSleeperWithInterruptedExceptionAndClearsTheFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread sleeper = Microthread.start(() -> {
                try {
                    Microthread.sleep(Duration.ofMinutes(5));
                    trace.add("slept");
                } catch (InterruptedException e) {
                    trace.add("interrupted at " + Run.nowMillis() + ", flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.sleep(20);
            sleeper.interrupt();
            sleeper.join();
        });
        trace.assertEvents("interrupted at 20, flag false");
    }

    @Test
    void interruptedJoinThrowsAndClearsTheFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread longRunner = Microthread.start(() -> {
                try {
                    Microthread.sleep(100);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread joiner = Microthread.start(() -> {
                try {
                    longRunner.join();
                    trace.add("joined");
                } catch (InterruptedException e) {
                    trace.add("join interrupted at " + Run.nowMillis() + ", flag " + Microthread.current().isInterrupted()
                            + ", target alive " + longRunner.isAlive());
                }
            });
            Microthread.sleep(10);
            joiner.interrupt();
            joiner.join();
        });
        trace.assertEvents("join interrupted at 10, flag false, target alive true");
    }

    @Test
    void interruptedTimedJoinThrowsToo() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread longRunner = Microthread.start(() -> {
                try {
                    Microthread.sleep(100);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread joiner = Microthread.start(() -> {
                try {
                    longRunner.join(Duration.ofMillis(50));
                    trace.add("joined");
                } catch (InterruptedException e) {
                    trace.add("timed join interrupted at " + Run.nowMillis());
                }
            });
            Microthread.sleep(10);
            joiner.interrupt();
        });
        trace.assertEvents("timed join interrupted at 10");
    }

    @Test
    void joinEnteredWithTheFlagSetThrowsAtOnce() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> trace.add("target ran"));
            Microthread.current().interrupt();
            try {
                t.join();
                trace.add("joined");
            } catch (InterruptedException e) {
                trace.add("join threw, flag " + Microthread.current().isInterrupted() + ", target alive " + t.isAlive());
            }
        });
        trace.assertEvents("join threw, flag false, target alive true", "target ran");
    }

    @Test
    void joinOfAnEndedOrUnstartedMicrothreadIgnoresTheFlagAsThreadJoinDoes() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread ended = Microthread.start(() -> { });
            ended.join();
            Microthread unstarted = new Microthread(() -> { });
            Microthread.current().interrupt();
            ended.join();
            ended.join(10);
            unstarted.join();
            unstarted.join(10);
            trace.add("join(Duration) " + ended.join(Duration.ofMillis(10)));
            trace.add("flag still " + Microthread.current().isInterrupted());
            Microthread.interrupted();
        });
        trace.assertEvents("join(Duration) true", "flag still true");
    }

    @Test
    void isInterruptedDoesNotClearTheFlagButInterruptedDoes() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread me = Microthread.current();
            trace.add("initially " + me.isInterrupted() + " " + Microthread.interrupted());
            me.interrupt();
            trace.add("isInterrupted " + me.isInterrupted() + " " + me.isInterrupted());
            trace.add("interrupted() " + Microthread.interrupted() + " " + Microthread.interrupted());
            trace.add("after " + me.isInterrupted());
        });
        trace.assertEvents("initially false false", "isInterrupted true true", "interrupted() true false", "after false");
    }

    @Test
    void interruptOfARunnableMicrothreadOnlySetsTheFlagUntilItBlocks() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread worker = Microthread.start(() -> {
                trace.add("worker sees " + Microthread.current().isInterrupted());
                try {
                    Microthread.sleep(10);
                    trace.add("slept");
                } catch (InterruptedException e) {
                    trace.add("sleep threw at " + Run.nowMillis());
                }
            });
            worker.interrupt();
            trace.add("main interrupted the queued worker");
        });
        trace.assertEvents("main interrupted the queued worker", "worker sees true", "sleep threw at 0");
    }

    @Test
    void yieldIsNotInterruptible() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.current().interrupt();
            Microthread.yield();
            trace.add("yield returned, flag " + Microthread.current().isInterrupted());
            Microthread.interrupted();
        });
        trace.assertEvents("yield returned, flag true");
    }

    @Test
    void interruptOfAnUnstartedMicrothreadIsSeenWhenItRuns() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> trace.add("flag at start " + Microthread.current().isInterrupted()));
            t.interrupt();
            trace.add("unstarted isInterrupted " + t.isInterrupted());
            t.start();
            t.join();
        });
        trace.assertEvents("unstarted isInterrupted true", "flag at start true");
    }

    @Test
    void interruptOfAnEndedMicrothreadSetsItsFlagAndDoesNothingElse() {
        final AtomicReference<Microthread> done = new AtomicReference<Microthread>();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> { });
            t.join();
            t.interrupt();
            assertTrue(t.isInterrupted());
            done.set(t);
        });
        // after its scheduler has finished, from a plain thread, as Thread.interrupt() allows
        Microthread t = done.get();
        t.interrupt();
        assertTrue(t.isInterrupted());
    }

    @Test
    void interruptFromAPlainThreadAfterTheSchedulerFinishedDoesNotThrow() {
        final AtomicReference<Microthread> main = new AtomicReference<Microthread>();
        Run.virtual(() -> {
            main.set(Microthread.current());
        });
        main.get().interrupt();
        assertTrue(main.get().isInterrupted());
    }

    @Test
    void interruptedFlagOfOneMicrothreadIsNotSeenByAnother() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.current().interrupt();
            Microthread other = Microthread.start(() -> trace.add("other sees " + Microthread.interrupted()));
            Microthread.yield();
            trace.add("main sees " + Microthread.interrupted());
            other.join();
        });
        trace.assertEvents("other sees false", "main sees true");
    }

    @Test
    void sleepWithANegativeDurationReturnsAtOnceLikeThreadSleep() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> trace.add("other"));
            Microthread.current().interrupt();
            Microthread.sleep(Duration.ofMillis(-5)); // Thread.sleep(negative Duration) does not sleep, yield or throw
            trace.add("main, flag " + Microthread.interrupted());
        });
        trace.assertEvents("main, flag true", "other");
    }

    @Test
    void sleepOfZeroYields() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> trace.add("other"));
            Microthread.sleep(0);
            trace.add("main after sleep(0)");
            Microthread.start(() -> trace.add("other 2"));
            Microthread.sleep(Duration.ZERO);
            trace.add("main after sleep(ZERO) at " + Run.nowMillis());
        });
        trace.assertEvents("other", "main after sleep(0)", "other 2", "main after sleep(ZERO) at 0");
    }

    @Test
    void interruptedExceptionIsThrownFromTheInterruptedMicrothreadOnly() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread a = Microthread.start(() -> {
                try {
                    Microthread.sleep(30);
                    trace.add("A slept until " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("A interrupted");
                }
            });
            Microthread b = Microthread.start(() -> {
                try {
                    Microthread.sleep(30);
                    trace.add("B slept until " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("B interrupted at " + Run.nowMillis());
                }
            });
            Microthread.sleep(10);
            b.interrupt();
            a.join();
            assertFalse(a.isInterrupted());
        });
        trace.assertEvents("B interrupted at 10", "A slept until 30");
    }

    @Test
    void aRestoredInterruptFlagSurvivesTheEndOfTheMicrothread() {
        // Runnable cannot throw InterruptedException: the JDK idiom is to restore the flag
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> {
                try {
                    Microthread.sleep(50);
                } catch (InterruptedException e) {
                    Microthread.current().interrupt(); // restore
                    trace.add("restored flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            t.interrupt();
            t.join();
            trace.add("t flag after end " + t.isInterrupted());
        });
        trace.assertEvents("restored flag true", "t flag after end true");
    }

    @Test
    void sleepOutsideAMicrothreadActsOnThePlainThread() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Microthread.sleep(10_000));
        assertFalse(Thread.currentThread().isInterrupted(), "the plain thread's flag is cleared");
        Thread.currentThread().interrupt();
        assertTrue(Microthread.interrupted(), "interrupted() outside a microthread is Thread.interrupted()");
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
