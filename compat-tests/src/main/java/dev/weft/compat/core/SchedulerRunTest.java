package dev.weft.compat.core;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.Weft;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduler.run: results, failures, the end of a run (daemons), nesting, introspection. */
class SchedulerRunTest {

    @Test
    void reportsBackendAndJdk() {
        String backend = Scheduler.create().backend();
        System.out.println("weft conformance suite: backend " + backend + " on Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")");
        String requested = System.getProperty("weft.backend");
        if (requested != null && !requested.trim().isEmpty()) {
            assertEquals(requested.trim(), backend, "the backend named by -Dweft.backend is the one in use");
        } else {
            assertTrue(backend.equals("loom") || backend.equals("fallback"), backend);
        }
        assertEquals(backend, Run.virtual(() -> Scheduler.current().backend()));
    }

    @Test
    void runReturnsWhatMainReturns() {
        assertEquals("answer 42", Run.virtual(() -> "answer " + 42));
        assertNull(Run.virtual(() -> null));
    }

    @Test
    void weftRunIsTheOneLineShortcut() {
        assertEquals(Integer.valueOf(7), Weft.run(() -> {
            Microthread.sleep(0);
            return 7;
        }));
        final AtomicBoolean ran = new AtomicBoolean();
        Weft.run(() -> ran.set(Microthread.current() != null));
        assertTrue(ran.get());
    }

    @Test
    void runRethrowsAnUncheckedExceptionOfMainAsIs() {
        final IllegalArgumentException thrown = new IllegalArgumentException("bad thing in main");
        IllegalArgumentException caught = assertThrows(IllegalArgumentException.class, () -> Run.virtual(() -> {
            throw thrown;
        }));
        assertSame(thrown, caught);
    }

    @Test
    void runRethrowsAnErrorOfMainAsIs() {
        final AssertionError thrown = new AssertionError("failed in main");
        AssertionError caught = assertThrows(AssertionError.class, () -> Run.virtual(() -> {
            throw thrown;
        }));
        assertSame(thrown, caught);
    }

    @Test
    void runWrapsACheckedExceptionOfMainInCompletionException() {
        final IOException thrown = new IOException("disk on fire");
        CompletionException caught = assertThrows(CompletionException.class, () -> Run.virtual(() -> {
            throw thrown;
        }));
        assertSame(thrown, caught.getCause());
    }

    @Test
    void runWaitsForNonDaemonMicrothreadsAfterMainReturns() {
        final Trace trace = new Trace();
        String result = Run.virtual(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.sleep(100);
                    trace.add("worker done at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            trace.add("main returns");
            return "main's result";
        });
        trace.add("run returned " + result);
        trace.assertEvents("main returns", "worker done at 100", "run returned main's result");
    }

    @Test
    void sleepingDaemonIsInterruptedAtTheEndAndItsFinallyRuns() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.builder().daemon(true).name("daemon").start(() -> {
                try {
                    Microthread.sleep(Duration.ofDays(1));
                    trace.add("daemon slept a day");
                } catch (InterruptedException e) {
                    trace.add("daemon interrupted at " + Run.nowMillis());
                } finally {
                    trace.add("daemon finally");
                }
            });
            Microthread.sleep(10);
            trace.add("main returns");
        });
        trace.add("run returned");
        trace.assertEvents("main returns", "daemon interrupted at 10", "daemon finally", "run returned");
    }

    @Test
    void daemonsAreInterruptedOnlyWhenTheLastNonDaemonEnds() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.builder().daemon(true).start(() -> {
                try {
                    Microthread.sleep(Duration.ofDays(1));
                } catch (InterruptedException e) {
                    trace.add("daemon interrupted at " + Run.nowMillis());
                }
            });
            Microthread.start(() -> {
                try {
                    Microthread.sleep(50);
                    trace.add("worker ends at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            trace.add("main returns");
        });
        trace.assertEvents("main returns", "worker ends at 50", "daemon interrupted at 50");
    }

    @Test
    void runTwiceThrowsIllegalStateException() {
        Scheduler s = Run.scheduler();
        s.run(() -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(() -> { }));
        assertTrue(e.getMessage().contains("already run"), e.getMessage());
    }

    @Test
    void runCalledFromInsideAMicrothreadGetsItsOwnCarrier() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Scheduler outer = Scheduler.current();
            final Microthread outerMain = Microthread.current();
            final Scheduler inner = Scheduler.builder().virtualTime().name("inner").build();
            String r = inner.run(() -> {
                trace.add("inner scheduler is its own: " + (Scheduler.current() == inner));
                trace.add("inner main is new: " + (Microthread.current() != outerMain));
                Microthread.sleep(1000);
                return "inner result at " + Run.nowMillis();
            });
            trace.add(r);
            trace.add("back in outer: " + (Scheduler.current() == outer) + " at " + Run.nowMillis());
        });
        trace.assertEvents("inner scheduler is its own: true", "inner main is new: true", "inner result at 1000",
                "back in outer: true at 0");
    }

    @Test
    void currentSchedulerInsideAndOutside() {
        final Scheduler s = Run.scheduler();
        assertNull(Scheduler.current(), "a plain thread has no current scheduler");
        assertNull(Microthread.current(), "a plain thread is not a microthread");
        final List<Scheduler> seen = new ArrayList<Scheduler>();
        s.run(() -> {
            seen.add(Scheduler.current());
            Microthread.start(() -> seen.add(Scheduler.current())).join();
        });
        assertEquals(2, seen.size());
        assertSame(s, seen.get(0));
        assertSame(s, seen.get(1));
        assertNull(Scheduler.current());
    }

    @Test
    void schedulerHasItsName() {
        assertEquals("named-one", Scheduler.builder().name("named-one").build().name());
        assertTrue(Scheduler.builder().name("named-one").build().toString().contains("named-one"));
    }

    @Test
    void microthreadsListsTheLiveOnesInStartOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.builder().name("ends at once").start(() -> { });
            Microthread.builder().name("sleeper").start(() -> {
                try {
                    Microthread.sleep(10);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.builder().name("queued").start(() -> { });
            trace.add(names(Scheduler.current().microthreads()));
            Microthread.yield();
            trace.add(names(Scheduler.current().microthreads()));
            Microthread.sleep(20);
            trace.add(names(Scheduler.current().microthreads()));
        });
        trace.assertEvents("[main, ends at once, sleeper, queued]", "[main, sleeper]", "[main]");
    }

    private static String names(List<Microthread> ts) {
        List<String> out = new ArrayList<String>();
        for (Microthread t : ts) {
            out.add(t.getName());
        }
        return out.toString();
    }

    @Test
    void microthreadsOfAFinishedSchedulerIsEmpty() {
        Scheduler s = Run.scheduler();
        s.run(() -> { });
        assertTrue(s.microthreads().isEmpty());
    }

    @Test
    void dumpShowsNamesStatesBlockersAndStacks() {
        final AtomicReference<String> dump = new AtomicReference<String>();
        Run.virtual(() -> {
            final Microthread sleeper = Microthread.builder().name("dump-sleeper").start(
                    MicrothreadLifecycleTest::napInAHelper);
            Microthread joiner = Microthread.builder().name("dump-joiner").start(() -> {
                try {
                    sleeper.join();
                } catch (InterruptedException e) {
                    // ended by the test
                }
            });
            Microthread.yield();
            dump.set(Scheduler.current().dump());
            sleeper.interrupt();
            joiner.join();
        });
        String d = dump.get();
        assertTrue(d.contains("\"main\""), d);
        assertTrue(d.contains("\"dump-sleeper\""), d);
        assertTrue(d.contains("\"dump-joiner\""), d);
        assertTrue(d.contains("TIMED_WAITING"), d);
        assertTrue(d.contains("WAITING on join of"), d);
        assertTrue(d.contains("napInAHelper"), "the sleeper's stack: " + d);
        assertTrue(d.contains("RUNNABLE"), d);
    }

    @Test
    void dumpOfASchedulerThatIsNotRunningSaysSo() {
        Scheduler s = Run.scheduler();
        assertTrue(s.dump().contains("not running"), s.dump());
    }

    @Test
    void joinCycleIsReportedAsDeadlockNamingBothWithStacks() {
        final Trace trace = new Trace();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final AtomicReference<Microthread> b = new AtomicReference<Microthread>();
            final Microthread a = Microthread.builder().name("cycle-A").start(() -> {
                try {
                    Microthread.yield(); // B exists now
                    b.get().join();
                } catch (InterruptedException ie) {
                    trace.add("unexpected interrupt");
                } catch (DeadlockException de) {
                    trace.add("A's join threw DeadlockException");
                    throw de;
                }
            });
            b.set(Microthread.builder().name("cycle-B").start(() -> {
                try {
                    a.join();
                } catch (InterruptedException ie) {
                    trace.add("unexpected interrupt");
                } catch (DeadlockException de) {
                    trace.add("B's join threw DeadlockException");
                    throw de;
                }
            }));
            a.join();
        }));
        String m = e.getMessage();
        assertTrue(m.contains("\"cycle-A\""), m);
        assertTrue(m.contains("\"cycle-B\""), m);
        assertTrue(m.contains("join of Microthread[#"), "says what each waits on: " + m);
        assertTrue(m.contains(",cycle-A]") && m.contains(",cycle-B]"), m);
        assertTrue(m.contains(SchedulerRunTest.class.getName()), "stacks name the test's frames: " + m);
        assertTrue(trace.events().contains("A's join threw DeadlockException"), trace.toString());
        assertTrue(trace.events().contains("B's join threw DeadlockException"), trace.toString());
    }

    @Test
    void deadlockIsDetectedWhenMainJoinsAMicrothreadThatWaitsForever() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Microthread child = Microthread.builder().name("waits-for-main").start(() -> {
                try {
                    main.join();
                } catch (InterruptedException ie) {
                    throw new AssertionError(ie);
                }
            });
            child.join();
        }));
        assertTrue(e.getMessage().contains("\"waits-for-main\""), e.getMessage());
        assertTrue(e.getMessage().contains("\"main\""), e.getMessage());
    }

    @Test
    void executeFromAPlainThreadRunsTheTaskOnTheRunningScheduler() throws Exception {
        final Scheduler scheduler = Scheduler.create();
        final AtomicBoolean mainStarted = new AtomicBoolean();
        final AtomicBoolean taskRan = new AtomicBoolean();
        final AtomicReference<Scheduler> taskScheduler = new AtomicReference<Scheduler>();
        final AtomicReference<Object> result = new AtomicReference<Object>();
        Thread carrier = new Thread(() -> {
            try {
                result.set(scheduler.run(() -> {
                    mainStarted.set(true);
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!taskRan.get() && System.nanoTime() - deadline < 0) {
                        Microthread.sleep(1); // a timer keeps the scheduler waiting for outside work
                    }
                    return taskRan.get() ? "saw the task" : "no task within 30 s";
                }));
            } catch (Throwable t) {
                result.set(t);
            }
        }, "test-carrier");
        carrier.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilTrue(mainStarted);
        Microthread t = scheduler.execute(() -> {
            taskScheduler.set(Scheduler.current());
            taskRan.set(Microthread.current() != null);
        });
        assertNotNull(t);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilTrue(taskRan);
        carrier.join(30_000);
        assertFalse(carrier.isAlive());
        assertEquals("saw the task", result.get());
        assertSame(scheduler, taskScheduler.get());
        assertSame(scheduler, t.scheduler());
    }

    @Test
    void startFromAPlainThreadUsesTheDefaultSchedulerAndJoinFromAPlainThreadWorks() throws Exception {
        final AtomicReference<Scheduler> where = new AtomicReference<Scheduler>();
        final AtomicReference<Microthread> current = new AtomicReference<Microthread>();
        Microthread t = Microthread.start(() -> {
            where.set(Scheduler.current());
            current.set(Microthread.current());
        });
        t.join();
        assertFalse(t.isAlive());
        assertEquals(Thread.State.TERMINATED, t.getState());
        assertSame(Scheduler.defaultScheduler(), where.get());
        assertSame(t, current.get());
        assertSame(Scheduler.defaultScheduler(), t.scheduler());
        assertFalse(Scheduler.defaultScheduler().clock().isVirtual());
    }

    @Test
    void timedJoinFromAPlainThreadReturnsWhetherItEnded() throws Exception {
        final AtomicBoolean release = new AtomicBoolean();
        Microthread t = Microthread.start(() -> {
            try {
                while (!release.get()) {
                    Microthread.sleep(1);
                }
            } catch (InterruptedException e) {
                // ended
            }
        });
        assertFalse(t.join(Duration.ofMillis(1)), "still running");
        release.set(true);
        assertTrue(t.join(Duration.ofSeconds(30)));
    }

    @Test
    void theDefaultSchedulerCannotBeRunOrClosed() {
        Scheduler d = Scheduler.defaultScheduler();
        assertSame(d, Scheduler.defaultScheduler());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.run(() -> 1));
        assertTrue(e.getMessage().contains("default scheduler"), e.getMessage());
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, d::close);
        assertTrue(u.getMessage().contains("cannot be closed"), u.getMessage());
    }

    @Test
    void theDefaultSchedulerRunsOnTheBackendANewSchedulerGets() throws InterruptedException {
        // the conformance runner changes -Dweft.backend between its columns in one JVM: each
        // column's plain-thread work must run on that column's backend
        try (Scheduler fresh = Scheduler.create()) {
            assertEquals(fresh.backend(), Scheduler.defaultScheduler().backend());
        }
        Microthread t = Microthread.start(() -> { });
        assertEquals(Scheduler.defaultScheduler().backend(), t.scheduler().backend());
        assertTrue(t.join(Duration.ofSeconds(30)));
    }

    @Test
    void twoSchedulersRunIndependently() {
        Scheduler a = Run.scheduler();
        Scheduler b = Run.scheduler();
        assertNotSame(a, b);
        assertEquals(Integer.valueOf(1), a.run(() -> 1));
        assertEquals(Integer.valueOf(2), b.run(() -> 2));
    }

    @Test
    void joinOfAMicrothreadOnAnotherSchedulerWaitsWithoutDeadlock() {
        final Trace trace = new Trace();
        final AtomicBoolean release = new AtomicBoolean();
        Run.virtual(() -> {
            Microthread other = Scheduler.defaultScheduler().execute(() -> {
                try {
                    while (!release.get()) {
                        Microthread.sleep(1);
                    }
                } catch (InterruptedException e) {
                    // ended
                }
            });
            trace.add("timed join " + other.join(Duration.ofMillis(50)) + " at " + Run.nowMillis());
            release.set(true);
            other.join();
            trace.add("joined, alive " + other.isAlive() + ", on the default scheduler "
                    + (other.scheduler() == Scheduler.defaultScheduler()));
        });
        trace.assertEvents("timed join false at 50", "joined, alive false, on the default scheduler true");
    }

    @Test
    void closeInterruptsTheLiveMicrothreadsAndRunReturnsOnceTheyEnd() {
        final Trace trace = new Trace();
        final Scheduler s = Run.scheduler();
        s.run(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.sleep(Duration.ofDays(1));
                    trace.add("slept a day");
                } catch (InterruptedException e) {
                    trace.add("sleeper interrupted at " + Run.nowMillis());
                }
            });
            Microthread.yield();
            s.close();
            trace.add("main closed the scheduler");
        });
        trace.add("run returned");
        trace.assertEvents("main closed the scheduler", "sleeper interrupted at 0", "run returned");
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> s.execute(() -> { }));
    }

    @Test
    void aClosedSchedulerRejectsNewMicrothreadsFromItsOwnMicrothreads() {
        final Trace trace = new Trace();
        final Scheduler s = Run.scheduler();
        s.run(() -> {
            s.close();
            try {
                Microthread.start(() -> trace.add("child ran"));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                trace.add("rejected: " + e.getMessage().contains("is closed and accepts no more work"));
            }
        });
        trace.assertEvents("rejected: true");
    }

    @Test
    void closingASchedulerTwiceDoesNothingTheSecondTime() {
        final Trace trace = new Trace();
        final Scheduler s = Run.scheduler();
        s.run(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    trace.add("interrupted once, flag now " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            s.close();
            s.close();
            trace.add("closed twice");
        });
        trace.assertEvents("closed twice", "interrupted once, flag now false");
    }

    @Test
    void aSchedulerClosedBeforeRunCannotRun() {
        Scheduler s = Run.scheduler();
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(() -> 1));
        assertTrue(e.getMessage().contains("is closed; it cannot run"), e.getMessage());
    }

    @Test
    void childrenDeadlockedAfterMainReturnedFailTheRun() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime()
                .uncaughtExceptionHandler((mt, e) -> trace.add("handler got " + e.getClass().getSimpleName()))
                .build();
        DeadlockException e = assertThrows(DeadlockException.class, () -> s.run(() -> {
            final AtomicReference<Microthread> y = new AtomicReference<Microthread>();
            final Microthread x = Microthread.builder().name("orphan-X").start(() -> {
                try {
                    Microthread.yield();
                    y.get().join();
                } catch (InterruptedException ie) {
                    trace.add("unexpected interrupt");
                } finally {
                    trace.add("X finally");
                }
            });
            y.set(Microthread.builder().name("orphan-Y").start(() -> {
                try {
                    x.join();
                } catch (InterruptedException ie) {
                    trace.add("unexpected interrupt");
                } finally {
                    trace.add("Y finally");
                }
            }));
            return "main returned";
        }));
        assertTrue(e.getMessage().contains("\"orphan-X\"") && e.getMessage().contains("\"orphan-Y\""), e.getMessage());
        assertFalse(e.getMessage().contains("\"main\""), "main had ended: " + e.getMessage());
        // the deadlock is reported once, by run, not once more per microthread to the handler
        trace.assertEvents("X finally", "Y finally");
    }

    @Test
    void aDeadlockDoesNotHangWhenTimersAreCancelled() {
        // a timed wait that ends leaves no timer to keep the scheduler from proving the deadlock
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Microthread child = Microthread.builder().name("joins-main").start(() -> {
                try {
                    main.join(Duration.ofMillis(10)); // times out: main waits for this child
                    main.join();                       // then waits forever
                } catch (InterruptedException ie) {
                    throw new AssertionError(ie);
                }
            });
            child.join(Duration.ofMillis(5)); // a timed wait of main that times out first
            child.join();
        }));
        assertTrue(e.getMessage().contains("joins-main"), e.getMessage());
    }

    @Test
    void aDaemonMayFinishItsCleanUpAfterTheShutdownInterrupt() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.builder().daemon(true).start(() -> {
                try {
                    Microthread.sleep(Duration.ofDays(1));
                } catch (InterruptedException e) {
                    trace.add("daemon interrupted at " + Run.nowMillis());
                }
                try {
                    Microthread.sleep(5); // clean-up that takes time
                    trace.add("daemon cleaned up at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("clean-up interrupted");
                }
            });
            Microthread.sleep(1);
        });
        trace.add("run returned");
        trace.assertEvents("daemon interrupted at 1", "daemon cleaned up at 6", "run returned");
    }

    @Test
    void aDaemonStartedDuringShutdownStartsInterrupted() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.builder().daemon(true).start(() -> {
                try {
                    Microthread.sleep(Duration.ofDays(1));
                } catch (InterruptedException e) {
                    trace.add("first daemon interrupted");
                    Microthread.builder().daemon(true).start(() -> {
                        trace.add("late daemon flag " + Microthread.current().isInterrupted());
                        try {
                            Microthread.sleep(Duration.ofDays(1));
                            trace.add("late daemon slept a day");
                        } catch (InterruptedException e2) {
                            trace.add("late daemon interrupted at " + Run.nowMillis());
                        }
                    });
                }
            });
            Microthread.sleep(3);
        });
        trace.assertEvents("first daemon interrupted", "late daemon flag true", "late daemon interrupted at 3");
    }

    @Test
    void runWaitsForTheOtherMicrothreadsBeforeRethrowingMainsFailure() {
        final Trace trace = new Trace();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Run.virtual(() -> {
            Microthread.start(() -> {
                try {
                    Microthread.sleep(10);
                    trace.add("child done at " + Run.nowMillis());
                } catch (InterruptedException ie) {
                    trace.add("child interrupted");
                }
            });
            trace.add("main throws");
            throw new IllegalStateException("main failed early");
        }));
        trace.add("run threw " + e.getMessage());
        trace.assertEvents("main throws", "child done at 10", "run threw main failed early");
    }
}
