package dev.weft.compat.tasks;

import dev.weft.Microthread;
import dev.weft.TaskScope;
import dev.weft.Timeouts;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Timeouts#withTimeout}: deadlines on the scheduler clock. */
class TimeoutsTest {

    @Test
    void bodyFinishingInTimeReturnsItsValueAndTheTimerIsGone() {
        Run.virtual(() -> {
            String v = Timeouts.withTimeout(Duration.ofSeconds(5), () -> {
                Microthread.sleep(1_000);
                return "in time";
            });
            assertEquals("in time", v);
            assertEquals(1_000, Run.nowMillis());
            Microthread.sleep(10_000); // the cancelled deadline must not interrupt this
            assertEquals(11_000, Run.nowMillis());
        });
    }

    @Test
    void deadlineInterruptsTheBodyRunsItsFinallyAndThrowsTimeoutException() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(2), () -> {
                try {
                    Microthread.sleep(3_600_000);
                    return "never";
                } finally {
                    trace.add("finally at " + Run.nowMillis());
                }
            }));
            assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().contains("PT2S"), e.getMessage());
            trace.add("timed out at " + Run.nowMillis());
        });
        trace.assertEvents("finally at 2000", "timed out at 2000");
    }

    @Test
    void bodyThatSwallowsTheInterruptRunsToItsEndAndTheResultIsDiscarded() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(2), () -> {
                try {
                    Microthread.sleep(3_600_000);
                } catch (InterruptedException swallowed) {
                    trace.add("swallowed at " + Run.nowMillis());
                }
                Microthread.sleep(3_000);
                trace.add("body ends at " + Run.nowMillis());
                return "late";
            }));
            assertTrue(e.getMessage().contains("discarded"), e.getMessage());
            trace.add("timed out at " + Run.nowMillis());
        });
        trace.assertEvents("swallowed at 2000", "body ends at 5000", "timed out at 5000");
    }

    @Test
    void callersInterruptFlagIsCleanAfterATimeoutEvenIfTheBodyNeverConsumedIt() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ofMillis(100), () -> {
                // closing a scope waits without taking interrupts, so the deadline's interrupt stays unconsumed
                TaskScope scope = TaskScope.open();
                scope.fork(() -> {
                    try {
                        Microthread.sleep(3_600_000);
                    } catch (InterruptedException cancelled) {
                        trace.add("child cancelled at " + Run.nowMillis());
                    }
                    Microthread.sleep(200);
                    return null;
                });
                Microthread.yield();
                assertThrows(IllegalStateException.class, scope::close); // closed without join()
                trace.add("body ends at " + Run.nowMillis() + ", interrupted=" + Microthread.current().isInterrupted());
                return "ignored";
            }));
            assertTrue(e.getMessage().contains("discarded"), e.getMessage());
            assertFalse(Microthread.current().isInterrupted());
            Microthread.sleep(1_000); // would throw at once if the flag were still set
            trace.add("slept until " + Run.nowMillis());
        });
        trace.assertEvents("child cancelled at 0", "body ends at 200, interrupted=true", "slept until 1200");
    }

    @Test
    void nonPositiveTimeoutThrowsAtOnceWithoutRunningTheBody() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ZERO, () -> {
                trace.add("body");
                return 1;
            }));
            assertTrue(e.getMessage().contains("not positive"), e.getMessage());
            assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(-1), () -> trace.add("body")));
        });
        trace.assertEvents();
    }

    @Test
    void uncheckedFailureOfTheBodyPropagatesUnchanged() {
        Run.virtual(() -> {
            final IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(1), () -> {
                throw boom;
            }));
            assertSame(boom, e);
        });
    }

    @Test
    void checkedFailureOfTheBodyIsTheCauseOfCompletionException() {
        Run.virtual(() -> {
            final IOException io = new IOException("io");
            CompletionException e = assertThrows(CompletionException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(1), () -> {
                throw io;
            }));
            assertSame(io, e.getCause());
        });
    }

    @Test
    void aShorterInnerTimeoutThrowsThroughTheOuterOne() {
        Run.virtual(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(5),
                    () -> Timeouts.withTimeout(Duration.ofSeconds(1), () -> {
                        Microthread.sleep(3_600_000);
                        return 0;
                    })));
            assertTrue(e.getMessage().contains("PT1S"), e.getMessage());
            assertEquals(1_000, Run.nowMillis());
        });
    }

    @Test
    void aShorterOuterTimeoutWinsOverALongerInnerOne() {
        Run.virtual(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> Timeouts.withTimeout(Duration.ofSeconds(1),
                    () -> Timeouts.withTimeout(Duration.ofSeconds(5), () -> {
                        Microthread.sleep(3_600_000);
                        return 0;
                    })));
            assertTrue(e.getMessage().contains("PT1S"), e.getMessage());
            assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
            assertEquals(1_000, Run.nowMillis());
        });
    }

    @Test
    void otherMicrothreadsRunWhileTheBodyWaits() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread.start(() -> trace.add("other runs at " + Run.nowMillis()));
            Timeouts.withTimeout(Duration.ofSeconds(1), () -> {
                Microthread.sleep(500);
                trace.add("body done at " + Run.nowMillis());
            });
        });
        trace.assertEvents("other runs at 0", "body done at 500");
    }
}
