package dev.weft.compat.coroutines;

import dev.weft.Channel;
import dev.weft.Coroutine;
import dev.weft.CoroutineExit;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Values, return values, exceptions, throwInto and close of {@link Coroutine}. */
class CoroutineTest {

    @Test
    void bodyDoesNotRunBeforeTheFirstResume() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<String, String> c = Coroutine.create((s, first) -> {
                t.add("body " + first);
                return "end";
            });
            t.add("created");
            t.add("resume returned " + c.resume("go"));
        });
        t.assertEvents("created", "body go", "resume returned end");
    }

    @Test
    void resumeAndYieldPassValuesBothWays() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Integer, Integer> sum = Coroutine.create((s, first) -> {
                int total = first;
                t.add("body got " + first);
                while (true) {
                    int next = s.yield(total);
                    t.add("body got " + next);
                    total += next;
                }
            });
            t.add("resume -> " + sum.resume(1));
            t.add("resume -> " + sum.resume(2));
            t.add("resume -> " + sum.resume(10));
            sum.close();
        });
        t.assertEvents("body got 1", "resume -> 1", "body got 2", "resume -> 3", "body got 10", "resume -> 13");
    }

    @Test
    void lastResumeReturnsTheBodysReturnValueAndMarksItDone() {
        Run.virtual(() -> {
            Coroutine<String, String> c = Coroutine.create((s, first) -> {
                String second = s.yield("yielded " + first);
                return "returned " + second;
            });
            assertEquals("yielded a", c.resume("a"));
            assertFalse(c.isDone());
            assertEquals("returned b", c.resume("b"));
            assertTrue(c.isDone());
        });
    }

    @Test
    void nullValuesPassThroughResumeAndYield() {
        Run.virtual(() -> {
            Coroutine<String, String> c = Coroutine.create((s, first) -> {
                String in = s.yield(first == null ? null : "not null");
                return in == null ? "got null" : "got " + in;
            });
            assertNull(c.resume(null));
            assertEquals("got null", c.resume(null));
        });
    }

    @Test
    void yieldSuspendsTheWholeStackFromAnyCallDepth() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, Integer> c = Coroutine.create((s, first) -> {
                countDown(s, 3, t);
                return -1;
            });
            for (int i = 0; i < 4; i++) {
                t.add("got " + c.resume(null));
            }
            assertTrue(c.isDone());
        });
        t.assertEvents("enter 3", "got 3", "enter 2", "got 2", "enter 1", "got 1",
                "leave 1", "leave 2", "leave 3", "got -1");
    }

    private static void countDown(Coroutine.Suspender<Void, Integer> s, int n, Trace t) {
        if (n == 0) {
            return;
        }
        t.add("enter " + n);
        s.yield(n);
        countDown(s, n - 1, t);
        t.add("leave " + n);
    }

    @Test
    void isDoneIsFalseUntilTheBodyEnds() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                s.yield("one");
                return "two";
            });
            assertFalse(c.isDone(), "before the first resume");
            c.resume(null);
            assertFalse(c.isDone(), "suspended at a yield");
            c.resume(null);
            assertTrue(c.isDone(), "after the body returned");
        });
    }

    // ------------------------------------------------------------------ exceptions

    @Test
    void exceptionThrownByTheBodyComesOutOfResumeAsTheSameInstance() {
        final IllegalArgumentException boom = new IllegalArgumentException("boom");
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                s.yield("first");
                throw boom;
            });
            c.resume(null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.resume(null));
            assertSame(boom, e);
            assertTrue(c.isDone());
        });
    }

    @Test
    void checkedExceptionThrownByTheBodyComesOutOfResumeUnwrapped() {
        final IOException io = new IOException("disk gone");
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                throw io;
            });
            try {
                c.resume(null);
                fail("resume should have thrown the body's IOException");
            } catch (Exception e) {
                assertSame(io, e);
            }
            assertTrue(c.isDone());
        });
    }

    @Test
    void exceptionFromTheBodyKeepsTheBodysStackTrace() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> failDeepInsideTheBody());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
            assertEquals("deep failure", e.getMessage());
            boolean found = false;
            for (StackTraceElement el : e.getStackTrace()) {
                found |= el.getMethodName().equals("failDeepInsideTheBody");
            }
            assertTrue(found, "the stack trace names the body's frame: " + java.util.Arrays.toString(e.getStackTrace()));
        });
    }

    private static String failDeepInsideTheBody() {
        throw new IllegalStateException("deep failure");
    }

    @Test
    void throwIntoCaughtByTheBodyReturnsTheNextYieldedValue() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("waiting");
                    t.add("not reached");
                } catch (UnsupportedOperationException e) {
                    t.add("body caught " + e.getMessage());
                }
                s.yield("recovered");
                return "end";
            });
            t.add(c.resume(null));
            t.add(c.throwInto(new UnsupportedOperationException("injected")));
            t.add(c.resume(null));
            assertTrue(c.isDone());
        });
        t.assertEvents("waiting", "body caught injected", "recovered", "end");
    }

    @Test
    void throwIntoUncaughtPropagatesOutOfThrowIntoAndEndsTheCoroutine() {
        final Trace t = new Trace();
        final IllegalStateException injected = new IllegalStateException("injected");
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("waiting");
                    return "not reached";
                } finally {
                    t.add("finally");
                }
            });
            c.resume(null);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.throwInto(injected));
            assertSame(injected, e);
            assertTrue(c.isDone());
        });
        t.assertEvents("finally");
    }

    @Test
    void throwIntoCanRaiseACheckedExceptionAtTheYield() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("waiting");
                    return "not reached";
                } catch (Exception e) {
                    return "caught " + e;
                }
            });
            c.resume(null);
            assertEquals("caught java.io.IOException: checked", c.throwInto(new IOException("checked")));
            assertTrue(c.isDone());
        });
    }

    @Test
    void throwIntoBeforeTheFirstResumeThrowsWithoutRunningTheBody() {
        final Trace t = new Trace();
        final IllegalStateException injected = new IllegalStateException("injected");
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                t.add("body ran");
                return "x";
            });
            assertSame(injected, assertThrows(IllegalStateException.class, () -> c.throwInto(injected)));
            assertTrue(c.isDone());
        });
        t.assertEvents();
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeRunsFinallyBlocksInnermostFirst() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    try {
                        s.yield("inside");
                        t.add("not reached");
                    } finally {
                        t.add("inner finally");
                    }
                    t.add("not reached either");
                } finally {
                    t.add("outer finally");
                }
                return "end";
            });
            c.resume(null);
            t.add("closing");
            c.close();
            t.add("closed");
            assertTrue(c.isDone());
        });
        t.assertEvents("closing", "inner finally", "outer finally", "closed");
    }

    @Test
    void catchExceptionInTheBodyDoesNotSwallowTheExitSignal() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("inside");
                } catch (Exception e) {
                    t.add("swallowed " + e);
                }
                t.add("kept running after close");
                return "end";
            });
            c.resume(null);
            c.close();
            assertTrue(c.isDone());
        });
        t.assertEvents();
    }

    @Test
    void theExitSignalIsAnErrorThatTheBodyCanObserve() {
        final List<Throwable> seen = new ArrayList<Throwable>();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("inside");
                } catch (Throwable e) {
                    seen.add(e);
                    throw e;
                }
                return "end";
            });
            c.resume(null);
            c.close();
        });
        assertEquals(1, seen.size());
        assertTrue(seen.get(0) instanceof CoroutineExit, "raised: " + seen.get(0));
        assertTrue(seen.get(0) instanceof Error);
    }

    @Test
    void closeOfABodyThatCatchesTheExitAndYieldsAgainThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                while (true) {
                    try {
                        s.yield("stubborn");
                    } catch (Throwable ignored) {
                        t.add("swallowed " + ignored.getClass().getSimpleName());
                    }
                }
            });
            c.resume(null);
            IllegalStateException e = assertThrows(IllegalStateException.class, c::close);
            assertTrue(e.getMessage().contains("the body yielded 'stubborn' instead of ending"), e.getMessage());
            assertTrue(e.getMessage().contains("Let CoroutineExit propagate"), e.getMessage());
            assertFalse(c.isDone(), "the body is suspended at its new yield");
        });
        t.assertEvents("swallowed CoroutineExit");
    }

    @Test
    void closeOfABodyThatYieldsInItsFinallyThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("working");
                } finally {
                    t.add("finally");
                    s.yield("from finally");
                    t.add("after yield in finally");
                }
                return "end";
            });
            c.resume(null);
            IllegalStateException e = assertThrows(IllegalStateException.class, c::close);
            assertTrue(e.getMessage().contains("'from finally'"), e.getMessage());
            assertTrue(e.getMessage().contains("yields in a finally block"), e.getMessage());
        });
        t.assertEvents("finally");
    }

    @Test
    void yieldInAFinallyBlockIsAllowedWhenTheBodyEndsNormally() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("a");
                } finally {
                    s.yield("from finally");
                }
                return "end";
            });
            assertEquals("a", c.resume(null));
            assertEquals("from finally", c.resume(null));
            assertEquals("end", c.resume(null));
            assertTrue(c.isDone());
        });
    }

    @Test
    void closeOfABodyThatCatchesTheExitAndReturnsClosesIt() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("a");
                } catch (CoroutineExit e) {
                    t.add("cleanup");
                    return "ignored";
                }
                return "end";
            });
            c.resume(null);
            c.close();
            assertTrue(c.isDone());
        });
        t.assertEvents("cleanup");
    }

    @Test
    void exceptionThrownWhileUnwindingComesOutOfClose() {
        final IllegalStateException fromFinally = new IllegalStateException("cleanup failed");
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("a");
                } finally {
                    throw fromFinally;
                }
            });
            c.resume(null);
            assertSame(fromFinally, assertThrows(IllegalStateException.class, c::close));
            assertTrue(c.isDone());
        });
    }

    @Test
    void closeBeforeTheFirstResumeMarksItDoneWithoutRunningTheBody() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    t.add("body ran");
                    return "x";
                } finally {
                    t.add("finally ran");
                }
            });
            c.close();
            assertTrue(c.isDone());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
            assertTrue(e.getMessage().contains("was closed before it started"), e.getMessage());
        });
        t.assertEvents();
    }

    @Test
    void closeOfAFinishedCoroutineAndASecondCloseAreHarmless() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    s.yield("a");
                    return "end";
                } finally {
                    t.add("finally");
                }
            });
            c.resume(null);
            c.resume(null);
            c.close();
            c.close();
            assertTrue(c.isDone());
        });
        t.assertEvents("finally");
    }

    @Test
    void tryWithResourcesClosesACoroutine() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            try (Coroutine<Void, Integer> c = Coroutine.create((s, first) -> {
                try {
                    for (int i = 0; ; i++) {
                        s.yield(i);
                    }
                } finally {
                    t.add("finally");
                }
            })) {
                t.add("got " + c.resume(null));
                t.add("got " + c.resume(null));
            }
            t.add("after try");
        });
        t.assertEvents("got 0", "got 1", "finally", "after try");
    }

    // ------------------------------------------------------------------ misuse

    @Test
    void resumeAfterTheBodyReturnedThrowsIllegalStateException() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> "only");
            assertEquals("only", c.resume(null));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
            assertTrue(e.getMessage().contains("has finished (it returned 'only') and cannot be resumed"), e.getMessage());
        });
    }

    @Test
    void resumeAfterTheBodyFailedThrowsIllegalStateExceptionNamingTheFailure() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                throw new ArithmeticException("bad sum");
            });
            assertThrows(ArithmeticException.class, () -> c.resume(null));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
            assertTrue(e.getMessage().contains("threw java.lang.ArithmeticException: bad sum"), e.getMessage());
        });
    }

    @Test
    void resumeAfterCloseThrowsIllegalStateException() {
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                s.yield("a");
                return "end";
            });
            c.resume(null);
            c.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
            assertTrue(e.getMessage().contains("was closed"), e.getMessage());
            IllegalStateException e2 = assertThrows(IllegalStateException.class,
                    () -> c.throwInto(new RuntimeException("late")));
            assertTrue(e2.getMessage().contains("has finished"), e2.getMessage());
        });
    }

    @Test
    void resumeFromInsideItsOwnBodyThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final List<Coroutine<Void, String>> self = new ArrayList<Coroutine<Void, String>>();
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    self.get(0).resume(null);
                    t.add("not reached");
                } catch (IllegalStateException e) {
                    t.add(e.getMessage().contains("is already running") ? "rejected" : e.getMessage());
                }
                return "end";
            });
            self.add(c);
            assertEquals("end", c.resume(null));
        });
        t.assertEvents("rejected");
    }

    @Test
    void resumeOfTheOuterCoroutineFromANestedOneThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final List<Coroutine<Void, String>> outerRef = new ArrayList<Coroutine<Void, String>>();
            final Coroutine<Void, String> inner = Coroutine.create((s, first) -> {
                try {
                    outerRef.get(0).resume(null);
                } catch (IllegalStateException e) {
                    t.add(e.getMessage().contains("is already running") ? "inner rejected" : e.getMessage());
                }
                return "inner end";
            });
            Coroutine<Void, String> outer = Coroutine.create((s, first) -> "outer got " + inner.resume(null));
            outerRef.add(outer);
            t.add(outer.resume(null));
        });
        t.assertEvents("inner rejected", "outer got inner end");
    }

    @Test
    void closeFromInsideItsOwnBodyThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    Coroutine.current().close();
                } catch (IllegalStateException e) {
                    t.add(e.getMessage().contains("is already running") ? "rejected" : e.getMessage());
                }
                return "end";
            });
            assertEquals("end", c.resume(null));
        });
        t.assertEvents("rejected");
    }

    @Test
    void yieldOutsideItsCoroutineThrowsIllegalStateException() {
        Run.virtual(() -> {
            final List<Coroutine.Suspender<Void, String>> escaped = new ArrayList<Coroutine.Suspender<Void, String>>();
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                escaped.add(s);
                s.yield("a");
                return "end";
            });
            c.resume(null);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> escaped.get(0).yield("stray"));
            assertTrue(e.getMessage().contains("outside any coroutine body"), e.getMessage());
            assertEquals("end", c.resume(null), "the failed yield did not disturb the coroutine");
        });
    }

    @Test
    void yieldFromAnotherMicrothreadWhileTheBodyWaitsThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Channel<String> go = Channel.rendezvous();
            final List<Coroutine.Suspender<Void, String>> escaped = new ArrayList<Coroutine.Suspender<Void, String>>();
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                escaped.add(s);
                return "end " + go.receive(); // the body waits: its coroutine is still running
            });
            Microthread other = Microthread.start(() -> {
                try {
                    escaped.get(0).yield("stray");
                    t.add("stray yield accepted");
                } catch (IllegalStateException e) {
                    t.add(e.getMessage().contains("outside any coroutine body") ? "rejected" : e.getMessage());
                }
                t.add("done: " + c.isDone());
                try {
                    go.send("go");
                } catch (InterruptedException e) {
                    t.add("interrupted");
                }
            });
            t.add(c.resume(null));
            other.join();
        });
        t.assertEvents("rejected", "done: false", "end go");
    }

    @Test
    void yieldOnTheOuterSuspenderFromANestedCoroutineThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> outer = Coroutine.create((outerS, first) -> {
                Coroutine<Void, String> inner = Coroutine.create((innerS, f) -> {
                    try {
                        outerS.yield("wrong level");
                    } catch (IllegalStateException e) {
                        t.add(e.getMessage().contains("which is not the coroutine this suspender belongs to")
                                ? "rejected" : e.getMessage());
                    }
                    return "inner end";
                });
                return inner.resume(null);
            });
            t.add(outer.resume(null));
        });
        t.assertEvents("rejected", "inner end");
    }

    @Test
    void yieldFromAPlainThreadThrowsIllegalStateException() throws Exception {
        final List<Coroutine.Suspender<Void, String>> escaped = new ArrayList<Coroutine.Suspender<Void, String>>();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                escaped.add(s);
                return "end";
            });
            c.resume(null);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> escaped.get(0).yield("x"));
        assertTrue(e.getMessage().contains("which is not a microthread"), e.getMessage());
    }

    @Test
    void currentIsTheInnermostRunningCoroutineAndNullOutside() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            assertNull(Coroutine.current());
            final Coroutine<Void, String> inner = Coroutine.create((s, first) -> {
                t.add("inner sees itself: " + (Coroutine.current() == s.coroutine()));
                return "i";
            });
            Coroutine<Void, String> outer = Coroutine.create((s, first) -> {
                t.add("outer sees itself: " + (Coroutine.current() == s.coroutine()));
                inner.resume(null);
                t.add("outer sees itself again: " + (Coroutine.current() == s.coroutine()));
                return "o";
            });
            outer.resume(null);
            t.add("main sees " + Coroutine.current());
        });
        t.assertEvents("outer sees itself: true", "inner sees itself: true", "outer sees itself again: true",
                "main sees null");
    }
}
