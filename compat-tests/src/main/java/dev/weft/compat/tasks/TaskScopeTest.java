package dev.weft.compat.tasks;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.Task;
import dev.weft.TaskScope;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TaskScope}: structured waiting, fail-fast cancellation, and its rules of use. */
class TaskScopeTest {

    private static void sleepQuietly(long ms, Trace trace, String name) {
        try {
            Microthread.sleep(ms);
            trace.add(name + " woke");
        } catch (InterruptedException e) {
            trace.add(name + " interrupted");
        }
    }

    @Test
    void joinWaitsForEveryChildAndTheirResultsAreThere() {
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                Task<String> a = scope.fork(() -> {
                    Microthread.sleep(1_000);
                    return "a";
                });
                Task<String> b = scope.fork(() -> {
                    Microthread.sleep(2_000);
                    return "b";
                });
                scope.join();
                assertEquals(2_000, Run.nowMillis());
                assertEquals("a", a.resultNow());
                assertEquals("b", b.resultNow());
            }
        });
    }

    @Test
    void childrenRunInForkOrderAndInterleaveOnYield() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                for (final String n : new String[] {"a", "b", "c"}) {
                    scope.fork(() -> {
                        trace.add(n + "1");
                        Microthread.yield();
                        trace.add(n + "2");
                        return null;
                    });
                }
                trace.add("forked");
                scope.join();
                trace.add("joined");
            }
        });
        trace.assertEvents("forked", "a1", "b1", "c1", "a2", "b2", "c2", "joined");
    }

    @Test
    void firstFailureCancelsSiblingsRunsTheirFinallyAndIsRethrownByJoin() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final IllegalStateException boom = new IllegalStateException("boom");
            try (TaskScope scope = TaskScope.open()) {
                Task<String> slow = scope.fork(() -> {
                    try {
                        Microthread.sleep(3_600_000);
                        return "slow";
                    } catch (InterruptedException e) {
                        trace.add("slow interrupted");
                        throw e;
                    } finally {
                        trace.add("slow finally");
                    }
                });
                scope.fork(() -> {
                    Microthread.sleep(1_000);
                    trace.add("failing");
                    throw boom;
                });
                CompletionException e = assertThrows(CompletionException.class, scope::join);
                trace.add("join threw");
                assertSame(boom, e.getCause());
                assertTrue(slow.isCancelled());
                assertEquals(1_000, Run.nowMillis());
                assertFalse(Microthread.current().isInterrupted(), "the owner is not interrupted");
            }
        });
        trace.assertEvents("failing", "slow interrupted", "slow finally", "join threw");
    }

    @Test
    void joinWaitsForGrandchildrenStartedByAChild() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    Microthread.start(() -> sleepQuietly(5_000, trace, "grandchild"));
                    Microthread.fork(() -> {
                        Microthread.sleep(3_000);
                        trace.add("forked grandchild woke");
                        return null;
                    });
                    trace.add("child returns");
                    return null;
                });
                scope.join();
                trace.add("joined at " + Run.nowMillis());
            }
        });
        trace.assertEvents("child returns", "forked grandchild woke", "grandchild woke", "joined at 5000");
    }

    @Test
    void failureInterruptsGrandchildrenToo() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    Microthread.start(() -> sleepQuietly(3_600_000, trace, "grandchild"));
                    return null;
                });
                scope.fork(() -> {
                    Microthread.sleep(10);
                    throw new ArithmeticException("bad sum");
                });
                CompletionException e = assertThrows(CompletionException.class, scope::join);
                assertEquals("bad sum", e.getCause().getMessage());
                trace.add("joined at " + Run.nowMillis());
            }
        });
        trace.assertEvents("grandchild interrupted", "joined at 10");
    }

    @Test
    void closeCancelsStragglersAndWaitsForThemWhenTheOwnerFailsBeforeJoin() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> {
                try (TaskScope scope = TaskScope.open()) {
                    scope.fork(() -> {
                        sleepQuietly(3_600_000, trace, "straggler");
                        return null;
                    });
                    Microthread.yield();
                    throw new IllegalArgumentException("owner gives up");
                }
            });
            trace.add("owner caught at " + Run.nowMillis());
            assertEquals(1, thrown.getSuppressed().length);
            assertTrue(thrown.getSuppressed()[0].getMessage().contains("closed without join()"),
                    thrown.getSuppressed()[0].getMessage());
        });
        trace.assertEvents("straggler interrupted", "owner caught at 0");
    }

    @Test
    void closeWaitsForStragglersThatIgnoreTheInterrupt() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            assertThrows(IllegalStateException.class, () -> {
                try (TaskScope scope = TaskScope.open()) {
                    scope.fork(() -> {
                        sleepQuietly(3_600_000, trace, "stubborn");
                        Microthread.sleep(2_000);
                        trace.add("stubborn done");
                        return null;
                    });
                    Microthread.yield();
                }
            });
            trace.add("closed at " + Run.nowMillis());
        });
        trace.assertEvents("stubborn interrupted", "stubborn done", "closed at 2000");
    }

    @Test
    void closeWithoutJoinThrowsIllegalStateExceptionWithTheFailureAsCause() {
        Run.virtual(() -> {
            final ArithmeticException boom = new ArithmeticException("lost?");
            TaskScope scope = TaskScope.open();
            scope.fork(() -> {
                throw boom;
            });
            Microthread.yield();
            IllegalStateException e = assertThrows(IllegalStateException.class, scope::close);
            assertTrue(e.getMessage().contains("closed without join()"), e.getMessage());
            assertSame(boom, e.getCause());
        });
    }

    @Test
    void closeAfterJoinAndClosingTwiceAreHarmless() {
        Run.virtual(() -> {
            TaskScope scope = TaskScope.open();
            scope.fork(() -> "x");
            scope.join();
            scope.close();
            scope.close();
        });
    }

    @Test
    void closingAnEmptyScopeWithoutJoinIsHarmless() {
        Run.virtual(() -> {
            TaskScope scope = TaskScope.open();
            scope.close();
        });
    }

    @Test
    void forkAfterJoinThrowsIllegalStateException() {
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.join();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.fork(() -> 1));
                assertTrue(e.getMessage().contains("after join() returned"), e.getMessage());
            }
        });
    }

    @Test
    void forkAfterCloseThrowsIllegalStateException() {
        Run.virtual(() -> {
            TaskScope scope = TaskScope.open();
            scope.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.fork(() -> 1));
            assertTrue(e.getMessage().contains("after close()"), e.getMessage());
        });
    }

    @Test
    void joinTwiceThrowsIllegalStateException() {
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.join();
                IllegalStateException e = assertThrows(IllegalStateException.class, scope::join);
                assertTrue(e.getMessage().contains("a second time"), e.getMessage());
            }
        });
    }

    @Test
    void joinAfterCloseThrowsIllegalStateException() {
        Run.virtual(() -> {
            TaskScope scope = TaskScope.open();
            scope.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, scope::join);
            assertTrue(e.getMessage().contains("after close()"), e.getMessage());
        });
    }

    @Test
    void joinOrCloseFromAnotherMicrothreadThrowsIllegalStateException() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    IllegalStateException j = assertThrows(IllegalStateException.class, scope::join);
                    trace.add(j.getMessage().contains("only its owner") ? "join refused" : j.getMessage());
                    IllegalStateException c = assertThrows(IllegalStateException.class, scope::close);
                    trace.add(c.getMessage().contains("only its owner") ? "close refused" : c.getMessage());
                    return null;
                });
                scope.join();
            }
        });
        trace.assertEvents("join refused", "close refused");
    }

    @Test
    void forkFromAMicrothreadOutsideTheScopeThrowsIllegalStateException() {
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                Task<IllegalStateException> outsider = Microthread.fork(
                        () -> assertThrows(IllegalStateException.class, () -> scope.fork(() -> 1)));
                IllegalStateException e = outsider.join();
                assertTrue(e.getMessage().contains("neither the owner"), e.getMessage());
                scope.join();
            }
        });
    }

    @Test
    void aChildMayForkASiblingAndJoinWaitsForIt() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    scope.fork(() -> {
                        Microthread.sleep(700);
                        trace.add("sibling done");
                        return null;
                    });
                    trace.add("first done");
                    return null;
                });
                scope.join();
                trace.add("joined at " + Run.nowMillis());
            }
        });
        trace.assertEvents("first done", "sibling done", "joined at 700");
    }

    @Test
    void forkInAScopeCancelledByAFailureReturnsACancelledTaskWhoseBodyNeverRuns() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    throw new IllegalStateException("first");
                });
                Microthread.yield();
                Task<String> late = scope.fork(() -> {
                    trace.add("late body");
                    return "late";
                });
                assertTrue(late.isCancelled());
                CompletionException e = assertThrows(CompletionException.class, scope::join);
                assertEquals("first", e.getCause().getMessage());
            }
        });
        trace.assertEvents();
    }

    @Test
    void ownerInterruptedWhileJoiningCancelsTheScopeWaitsAndThrowsInterruptedException() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread owner = Microthread.current();
            Microthread.start(() -> {
                try {
                    Microthread.sleep(1_000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                trace.add("interrupting owner");
                owner.interrupt();
            });
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    sleepQuietly(3_600_000, trace, "child");
                    return null;
                });
                assertThrows(InterruptedException.class, scope::join);
                trace.add("join interrupted at " + Run.nowMillis());
                assertFalse(owner.isInterrupted());
            }
        });
        trace.assertEvents("interrupting owner", "child interrupted", "join interrupted at 1000");
    }

    @Test
    void nestedScopeFailureIsHandledByTheInnerScopeOnly() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            try (TaskScope outer = TaskScope.open()) {
                Task<String> sibling = outer.fork(() -> {
                    Microthread.sleep(100);
                    return "sibling ok";
                });
                Task<String> child = outer.fork(() -> {
                    try (TaskScope inner = TaskScope.open()) {
                        inner.fork(() -> {
                            throw new IllegalStateException("inner failure");
                        });
                        inner.join();
                        return "unreachable";
                    } catch (CompletionException e) {
                        return "recovered from " + e.getCause().getMessage();
                    }
                });
                outer.join();
                trace.add(child.resultNow());
                trace.add(sibling.resultNow());
            }
        });
        trace.assertEvents("recovered from inner failure", "sibling ok");
    }

    @Test
    void successfulScopeLeavesNoFailureAndChildrenMayReturnNull() {
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                Task<String> t = scope.fork(() -> null);
                scope.join();
                assertNull(t.resultNow());
                assertTrue(t.isDone());
            }
        });
    }

    @Test
    void aDeadlockInsideAScopeIsReportedInsteadOfHanging() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final Microthread owner = Microthread.current();
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> {
                    owner.join(); // the owner waits for this child in join(): a cycle
                    return null;
                });
                scope.join();
            }
        }));
        assertTrue(e.getMessage().contains("TaskScope[owner"), e.getMessage());
    }
}
