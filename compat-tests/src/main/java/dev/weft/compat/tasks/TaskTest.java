package dev.weft.compat.tasks;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.Task;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Microthread#fork} and {@link Task}: results, failures, Future semantics, cancellation. */
class TaskTest {

    static void failDeep() throws IOException {
        throw new IOException("disk on fire");
    }

    @Test
    void forkedTaskRunsAfterTheForkerSuspendsAndJoinReturnsItsValue() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Task<Integer> t = Microthread.fork(() -> {
                trace.add("task runs");
                return 42;
            });
            trace.add("forked");
            int v = t.join();
            trace.add("joined " + v);
        });
        trace.assertEvents("forked", "task runs", "joined 42");
    }

    @Test
    void taskRunsInItsOwnMicrothreadOnTheCallersScheduler() {
        Run.virtual(() -> {
            Microthread main = Microthread.current();
            Scheduler mine = Scheduler.current();
            Task<Microthread> t = Microthread.fork(Microthread::current);
            Microthread ran = t.join();
            assertNotSame(main, ran);
            assertSame(t.microthread(), ran);
            assertSame(mine, ran.scheduler());
            t.microthread().join();
            assertFalse(t.microthread().isAlive());
        });
    }

    @Test
    void joinRethrowsFailureAsCompletionExceptionWithTheSameInstanceAndItsStack() {
        Run.virtual(() -> {
            Task<Object> t = Microthread.fork(() -> {
                failDeep();
                return null;
            });
            CompletionException e = assertThrows(CompletionException.class, t::join);
            assertTrue(e.getCause() instanceof IOException);
            assertSame(t.exceptionNow(), e.getCause());
            assertEquals("failDeep", e.getCause().getStackTrace()[0].getMethodName());
        });
    }

    @Test
    void getWrapsFailureInExecutionExceptionWithTheSameInstance() {
        Run.virtual(() -> {
            final IllegalStateException boom = new IllegalStateException("boom");
            Task<Object> t = Microthread.fork(() -> {
                Microthread.sleep(10);
                throw boom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, t::get);
            assertSame(boom, e.getCause());
            assertEquals(10, Run.nowMillis());
        });
    }

    @Test
    void getWaitsForTheValueOnTheVirtualClock() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                Microthread.sleep(5_000);
                return "late";
            });
            assertEquals("late", t.get());
            assertEquals(5_000, Run.nowMillis());
        });
    }

    @Test
    void timedGetThrowsTimeoutExceptionAtTheDeadlineAndTheTaskRunsOn() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                Microthread.sleep(10_000);
                return "done";
            });
            assertThrows(TimeoutException.class, () -> t.get(2, TimeUnit.SECONDS));
            assertEquals(2_000, Run.nowMillis());
            assertFalse(t.isDone());
            assertEquals("done", t.get(1, TimeUnit.HOURS));
            assertEquals(10_000, Run.nowMillis());
        });
    }

    @Test
    void isDoneIsFalseWhileRunningAndTrueAfter() {
        Run.virtual(() -> {
            Task<Integer> t = Microthread.fork(() -> {
                Microthread.sleep(1);
                return 1;
            });
            assertFalse(t.isDone());
            t.join();
            assertTrue(t.isDone());
            assertFalse(t.isCancelled());
        });
    }

    @Test
    void resultNowReturnsTheValueOfASucceededTask() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> "v");
            t.join();
            assertEquals("v", t.resultNow());
        });
    }

    @Test
    void resultNowAndExceptionNowThrowWhileRunning() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> "v");
            IllegalStateException a = assertThrows(IllegalStateException.class, t::resultNow);
            assertTrue(a.getMessage().contains("has not completed"), a.getMessage());
            IllegalStateException b = assertThrows(IllegalStateException.class, t::exceptionNow);
            assertTrue(b.getMessage().contains("has not completed"), b.getMessage());
            t.join();
        });
    }

    @Test
    void resultNowOfAFailedTaskThrowsIllegalStateException() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                throw new ArithmeticException("no");
            });
            t.microthread().join();
            IllegalStateException e = assertThrows(IllegalStateException.class, t::resultNow);
            assertTrue(e.getMessage().contains("completed with an exception"), e.getMessage());
        });
    }

    @Test
    void exceptionNowReturnsTheSameInstanceTheBodyThrew() {
        Run.virtual(() -> {
            final ArithmeticException boom = new ArithmeticException("no");
            Task<String> t = Microthread.fork(() -> {
                throw boom;
            });
            t.microthread().join();
            assertSame(boom, t.exceptionNow());
        });
    }

    @Test
    void exceptionNowOfASucceededTaskThrowsIllegalStateException() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> "fine");
            t.join();
            IllegalStateException e = assertThrows(IllegalStateException.class, t::exceptionNow);
            assertTrue(e.getMessage().contains("completed with a result"), e.getMessage());
        });
    }

    @Test
    void cancelInterruptsASleepingTaskAndItsFinallyRuns() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                try {
                    trace.add("sleeping");
                    Microthread.sleep(3_600_000);
                    return "woke";
                } catch (InterruptedException e) {
                    trace.add("interrupted");
                    throw e;
                } finally {
                    trace.add("finally");
                }
            });
            Microthread.yield();
            assertTrue(t.cancel(true));
            trace.add("cancelled");
            t.microthread().join();
            assertTrue(t.isCancelled());
            assertTrue(t.isDone());
            assertThrows(CancellationException.class, t::join);
            assertThrows(CancellationException.class, t::get);
            IllegalStateException e = assertThrows(IllegalStateException.class, t::resultNow);
            assertTrue(e.getMessage().contains("was cancelled"), e.getMessage());
            assertEquals(0, Run.nowMillis());
        });
        trace.assertEvents("sleeping", "cancelled", "interrupted", "finally");
    }

    @Test
    void cancelWithoutArgumentsInterruptsTheTask() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                try {
                    Microthread.sleep(3_600_000);
                    return "woke";
                } catch (InterruptedException e) {
                    trace.add("interrupted at " + Run.nowMillis());
                    throw e;
                }
            });
            Microthread.yield();
            assertTrue(t.cancel());
            assertFalse(t.cancel());
            t.microthread().join();
            trace.add("cancelled " + t.isCancelled());
        });
        trace.assertEvents("interrupted at 0", "cancelled true");
    }

    @Test
    void cancelBeforeTheTaskRunsMeansTheBodyNeverRuns() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                trace.add("body");
                return "x";
            });
            assertTrue(t.cancel(false));
            t.microthread().join();
            trace.add("ended");
        });
        trace.assertEvents("ended");
    }

    @Test
    void cancelOfADoneTaskReturnsFalseAndKeepsTheResult() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> "kept");
            t.join();
            assertFalse(t.cancel(true));
            assertFalse(t.isCancelled());
            assertEquals("kept", t.resultNow());
        });
    }

    @Test
    void cancelWakesWaitersAtOnceWithoutWaitingForTheMicrothread() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Task<String> t = Microthread.fork(() -> {
                Microthread.sleep(3_600_000);
                trace.add("task ends at " + Run.nowMillis());
                return "x";
            });
            Microthread waiter = Microthread.start(() -> {
                try {
                    t.join();
                } catch (CancellationException e) {
                    trace.add("waiter sees cancellation at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.sleep(1_000);
            t.cancel(false);
            waiter.join();
            t.microthread().join();
        });
        trace.assertEvents("waiter sees cancellation at 1000", "task ends at 3600000");
    }

    @Test
    void waitersWakeInTheOrderTheyStartedWaiting() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Task<String> t = Microthread.fork(() -> {
                Microthread.sleep(100);
                trace.add("task done");
                return "v";
            });
            List<Microthread> ws = new ArrayList<>();
            for (String name : new String[] {"w1", "w2", "w3"}) {
                ws.add(Microthread.start(() -> {
                    try {
                        trace.add(name + " got " + t.join());
                    } catch (InterruptedException e) {
                        trace.add("unexpected");
                    }
                }));
            }
            for (Microthread w : ws) {
                w.join();
            }
        });
        trace.assertEvents("task done", "w1 got v", "w2 got v", "w3 got v");
    }

    @Test
    void interruptedWaiterThrowsInterruptedExceptionWithItsFlagCleared() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> {
                Microthread.sleep(3_600_000);
                return "x";
            });
            final Microthread main = Microthread.current();
            Microthread.start(() -> {
                try {
                    Microthread.sleep(500);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                main.interrupt();
            });
            assertThrows(InterruptedException.class, t::join);
            assertFalse(main.isInterrupted());
            assertEquals(500, Run.nowMillis());
            assertFalse(t.isDone());
            t.cancel(true);
        });
    }

    @Test
    void doneTaskReturnsItsValueEvenWhenTheCallerIsInterrupted() {
        Run.virtual(() -> {
            Task<String> t = Microthread.fork(() -> "v");
            t.microthread().join();
            Microthread.current().interrupt();
            assertEquals("v", t.join());
            assertTrue(Microthread.interrupted());
        });
    }

    @Test
    void failedTaskIsNotReportedAsUncaught() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime().name("test")
                .uncaughtExceptionHandler((m, e) -> trace.add("uncaught " + e.getMessage())).build();
        s.run(() -> {
            Task<String> t = Microthread.fork(() -> {
                throw new IllegalStateException("kept by the task");
            });
            t.microthread().join();
            trace.add("task failed: " + t.exceptionNow().getMessage());
        });
        trace.assertEvents("task failed: kept by the task");
    }

    @Test
    void joiningATaskThatCanNeverEndReportsADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Task<String> t = Microthread.fork(() -> {
                main.join();
                return "never";
            });
            t.join();
        }));
        assertTrue(e.getMessage().contains("join of Task[#"), e.getMessage());
    }

    @Test
    void forkFromAPlainThreadRunsOnTheDefaultScheduler() throws Exception {
        Task<Scheduler> t = Microthread.fork(Scheduler::current);
        assertSame(Scheduler.defaultScheduler(), t.get(10, TimeUnit.SECONDS));
    }
}
