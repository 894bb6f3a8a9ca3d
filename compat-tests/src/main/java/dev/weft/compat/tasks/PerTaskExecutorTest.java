package dev.weft.compat.tasks;

import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Scheduler;
import dev.weft.Task;
import dev.weft.TaskScope;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Microthreads#newPerTaskExecutor()}: an ExecutorService of microthreads. */
class PerTaskExecutorTest {

    private static Callable<String> sleeper(final long ms, final String value) {
        return () -> {
            Microthread.sleep(ms);
            return value;
        };
    }

    @Test
    void submitRunsEachTaskInANewMicrothreadOnTheCallersScheduler() {
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                Task<Microthread> a = ex.submit(Microthread::current);
                Task<Microthread> b = ex.submit(Microthread::current);
                assertNotSame(a.join(), b.join());
                assertNotSame(Microthread.current(), a.join());
                assertSame(Scheduler.current(), a.join().scheduler());
            }
        });
    }

    @Test
    void submitOfARunnableCompletesWithTheGivenResult() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                Task<String> t = ex.submit(() -> trace.add("ran"), "result");
                assertEquals("result", t.get());
                Task<?> u = ex.submit(() -> trace.add("ran again"));
                u.get();
                assertTrue(u.isDone());
            }
        });
        trace.assertEvents("ran", "ran again");
    }

    @Test
    void invokeAllReturnsFuturesInTaskOrderOnceAllAreDone() {
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                List<Future<String>> fs = ex.invokeAll(Arrays.asList(sleeper(3_000, "a"), sleeper(1_000, "b"), sleeper(2_000, "c")));
                assertEquals(3_000, Run.nowMillis());
                assertEquals("a", fs.get(0).get());
                assertEquals("b", fs.get(1).get());
                assertEquals("c", fs.get(2).get());
            }
        });
    }

    @Test
    void timedInvokeAllCancelsWhatIsNotDoneAtTheDeadline() {
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                List<Future<String>> fs = ex.invokeAll(Arrays.asList(sleeper(1_000, "quick"), sleeper(3_600_000, "slow")),
                        5, TimeUnit.SECONDS);
                assertEquals(5_000, Run.nowMillis());
                assertEquals("quick", fs.get(0).get());
                assertTrue(fs.get(1).isCancelled());
            }
            assertEquals(5_000, Run.nowMillis()); // the cancelled task was interrupted, so close did not wait an hour
        });
    }

    @Test
    void invokeAnyReturnsTheFirstSuccessAndCancelsTheOthers() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                String v = ex.invokeAny(Arrays.<Callable<String>>asList(
                        () -> {
                            throw new IllegalStateException("fails at once");
                        },
                        sleeper(2_000, "second"),
                        () -> {
                            try {
                                return sleeper(3_600_000, "third").call();
                            } finally {
                                trace.add("third finally at " + Run.nowMillis());
                            }
                        }));
                trace.add("got " + v + " at " + Run.nowMillis());
            }
        });
        trace.assertEvents("got second at 2000", "third finally at 2000");
    }

    @Test
    void invokeAnyThrowsExecutionExceptionWhenEveryTaskFails() {
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                final IllegalStateException last = new IllegalStateException("second");
                ExecutionException e = assertThrows(ExecutionException.class, () -> ex.invokeAny(Arrays.<Callable<String>>asList(
                        () -> {
                            throw new IllegalStateException("first");
                        },
                        () -> {
                            Microthread.sleep(10);
                            throw last;
                        })));
                assertSame(last, e.getCause());
            }
        });
    }

    @Test
    void timedInvokeAnyThrowsTimeoutExceptionAtTheDeadline() {
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                assertThrows(TimeoutException.class,
                        () -> ex.invokeAny(Arrays.asList(sleeper(3_600_000, "x")), 2, TimeUnit.SECONDS));
                assertEquals(2_000, Run.nowMillis());
            }
            assertEquals(2_000, Run.nowMillis());
        });
    }

    @Test
    void shutdownRefusesNewTasksLetsRunningOnesFinishAndThenTerminates() {
        Run.virtual(() -> {
            Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor();
            Task<String> t = ex.submit(sleeper(1_000, "finished"));
            ex.shutdown();
            assertTrue(ex.isShutdown());
            assertFalse(ex.isTerminated());
            RejectedExecutionException r = assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> "late"));
            assertTrue(r.getMessage().contains("shut down"), r.getMessage());
            assertTrue(ex.awaitTermination(1, TimeUnit.HOURS));
            assertEquals(1_000, Run.nowMillis());
            assertTrue(ex.isTerminated());
            assertEquals("finished", t.resultNow());
        });
    }

    @Test
    void awaitTerminationReturnsFalseWhenTheTimeRunsOut() {
        Run.virtual(() -> {
            Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor();
            ex.submit(sleeper(10_000, "x"));
            ex.shutdown();
            assertFalse(ex.awaitTermination(3, TimeUnit.SECONDS));
            assertEquals(3_000, Run.nowMillis());
            assertTrue(ex.awaitTermination(1, TimeUnit.HOURS));
            assertEquals(10_000, Run.nowMillis());
        });
    }

    @Test
    void shutdownNowInterruptsRunningTasks() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor();
            ex.execute(() -> {
                try {
                    Microthread.sleep(3_600_000);
                } catch (InterruptedException e) {
                    trace.add("task interrupted at " + Run.nowMillis());
                }
            });
            Microthread.sleep(5);
            assertTrue(ex.shutdownNow().isEmpty());
            assertTrue(ex.awaitTermination(1, TimeUnit.SECONDS));
            trace.add("terminated at " + Run.nowMillis());
        });
        trace.assertEvents("task interrupted at 5", "terminated at 5");
    }

    @Test
    void closeWaitsForEveryTask() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor();
            try (Microthreads.TaskExecutor e = ex) {
                e.submit(() -> {
                    Microthread.sleep(3_000);
                    trace.add("task done");
                    return null;
                });
            }
            trace.add("closed at " + Run.nowMillis());
            assertTrue(ex.isTerminated());
            ex.close(); // closing again does nothing
        });
        trace.assertEvents("task done", "closed at 3000");
    }

    @Test
    void failureOfAnExecutedRunnableGoesToTheUncaughtExceptionHandler() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime().name("test")
                .uncaughtExceptionHandler((m, e) -> trace.add("uncaught " + e.getMessage())).build();
        s.run(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                ex.execute(() -> {
                    throw new IllegalStateException("from execute");
                });
            }
            trace.add("closed");
        });
        trace.assertEvents("uncaught from execute", "closed");
    }

    @Test
    void tasksSubmittedFromAScopeMemberDoNotBelongToTheScope() {
        Run.virtual(() -> {
            Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor();
            final Task<?>[] submitted = new Task<?>[1];
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    submitted[0] = ex.submit(sleeper(3_600_000, "long"));
                    return null;
                });
                scope.join();
            }
            assertEquals(0, Run.nowMillis()); // the scope did not wait for the executor's task
            assertFalse(submitted[0].isDone());
            ex.shutdownNow();
            assertTrue(ex.awaitTermination(1, TimeUnit.SECONDS));
        });
    }

    @Test
    void anExecutorMadeOnAPlainThreadRunsTasksOnTheDefaultScheduler() throws Exception {
        try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
            Task<Scheduler> t = ex.submit(Scheduler::current);
            assertSame(Scheduler.defaultScheduler(), t.get(10, TimeUnit.SECONDS));
            List<Future<Integer>> fs = ex.invokeAll(Arrays.<Callable<Integer>>asList(() -> 1, () -> 2));
            assertEquals(2, (int) fs.get(1).get());
        }
    }

    @Test
    void closeInterruptedWhileWaitingInterruptsTheTasksWaitsAndRestoresTheFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor();
            ex.submit(() -> {
                try {
                    Microthread.sleep(3_600_000);
                } catch (InterruptedException e) {
                    trace.add("task interrupted at " + Run.nowMillis());
                }
                return null;
            });
            Microthread.start(() -> {
                try {
                    Microthread.sleep(1_000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                main.interrupt();
            });
            ex.close();
            trace.add("closed at " + Run.nowMillis() + ", interrupted=" + Microthread.interrupted());
            assertTrue(ex.isTerminated());
        });
        trace.assertEvents("task interrupted at 1000", "closed at 1000, interrupted=true");
    }

    @Test
    void aMicrothreadMayWaitForATaskOfAnotherScheduler() throws Exception {
        try (Microthreads.TaskExecutor onDefault = Microthreads.newPerTaskExecutor()) {
            String got = Run.virtual(() -> {
                Task<String> t = onDefault.submit(() -> {
                    Microthread.sleep(200); // real time on the default scheduler: the joiner below really waits
                    return "from " + Scheduler.current().name();
                });
                assertSame(Scheduler.defaultScheduler(), t.microthread().scheduler());
                return t.join() + " to " + Scheduler.current().name();
            });
            assertEquals("from default to test", got);
        }
    }
}
