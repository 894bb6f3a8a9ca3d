package dev.weft.compat.sync;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTest {

    @Test
    void setWakesEveryWaiterInArrivalOrderWhileTheSetterKeepsRunning() {
        final Trace trace = new Trace();
        final Event event = new Event();
        Run.virtual(() -> {
            for (final String name : new String[] {"W1", "W2", "W3"}) {
                Spawn.start(trace, name, () -> {
                    event.await();
                    trace.add(name + " woke");
                });
            }
            Microthread.yield();
            event.set();
            trace.add("main set, isSet " + event.isSet());
        });
        trace.assertEvents("main set, isSet true", "W1 woke", "W2 woke", "W3 woke");
    }

    @Test
    void awaitReturnsAtOnceWhileSetAndWaitsAgainAfterClear() {
        final Trace trace = new Trace();
        final Event event = new Event();
        Run.virtual(() -> {
            event.set();
            Spawn.start(trace, "setter", () -> {
                Microthread.sleep(10);
                trace.add("setter sets");
                event.set();
            });
            event.await();
            trace.add("passed set event at " + Run.nowMillis());
            event.clear();
            trace.add("isSet " + event.isSet());
            event.await();
            trace.add("passed again at " + Run.nowMillis());
        });
        trace.assertEvents("passed set event at 0", "isSet false", "setter sets", "passed again at 10");
    }

    @Test
    void timedAwaitReturnsFalseAtTheVirtualDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Event event = new Event();
            trace.add("set " + event.await(Duration.ofMinutes(5)) + " at " + Run.nowMillis() + " ms");
            trace.add("zero " + event.await(Duration.ZERO) + ", negative " + event.await(Duration.ofSeconds(-1))
                    + " at " + Run.nowMillis() + " ms");
        });
        trace.assertEvents("set false at 300000 ms", "zero false, negative false at 300000 ms");
    }

    @Test
    void timedAwaitReturnsTrueWhenSetInTime() {
        final Trace trace = new Trace();
        final Event event = new Event();
        Run.virtual(() -> {
            Spawn.start(trace, "setter", () -> {
                Microthread.sleep(70);
                event.set();
            });
            trace.add("set " + event.await(Duration.ofMillis(100)) + " at " + Run.nowMillis() + " ms");
            trace.add("already set " + event.await(Duration.ZERO));
        });
        trace.assertEvents("set true at 70 ms", "already set true");
    }

    @Test
    void aWaiterWokenBySetReturnsTrueEvenIfClearedBeforeItRuns() {
        final Trace trace = new Trace();
        final Event event = new Event();
        Run.virtual(() -> {
            Spawn.start(trace, "W", () -> trace.add("W got " + event.await(Duration.ofSeconds(1))));
            Microthread.yield();
            event.set();
            event.clear();
            trace.add("main set and cleared");
        });
        trace.assertEvents("main set and cleared", "W got true");
    }

    @Test
    void awaitInterruptedWhileWaitingThrowsAndClearsTheFlag() {
        final Trace trace = new Trace();
        final Event event = new Event();
        Run.virtual(() -> {
            Microthread w = Spawn.start(trace, "W", () -> {
                try {
                    event.await(Duration.ofHours(1));
                    trace.add("W returned");
                } catch (InterruptedException e) {
                    trace.add("W interrupted at " + Run.nowMillis() + ", flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.sleep(5);
            w.interrupt();
        });
        trace.assertEvents("W interrupted at 5, flag false");
    }

    @Test
    void anAwaitNoSetCanEndIsReportedAsDeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            Event event = new Event();
            Microthread.builder().name("waiter").start(() -> {
                try {
                    event.await();
                } catch (InterruptedException ignored) {
                    // not interrupted in this test
                }
            });
        }));
        assertTrue(e.getMessage().contains("\"waiter\""), e.getMessage());
        assertTrue(e.getMessage().contains("await of Event@"), e.getMessage());
        assertTrue(e.getMessage().contains("EventTest"), e.getMessage());
    }

    @Test
    void aPlainThreadSetsAnEventThroughAMicrothreadItStartsOnTheEventsScheduler() throws InterruptedException {
        final Trace trace = new Trace();
        final Event event = new Event();
        Scheduler scheduler = Scheduler.defaultScheduler();
        Microthread waiter = scheduler.execute(() -> {
            try {
                event.await();
                trace.add("waiter woke");
            } catch (InterruptedException e) {
                trace.add("waiter interrupted");
            }
        });
        assertTrue(scheduler.execute(event::set).join(Duration.ofSeconds(30)), "the setter ended");
        assertTrue(waiter.join(Duration.ofSeconds(30)), "the waiter ended");
        trace.assertEvents("waiter woke");
    }

    @Test
    void timedAwaitWithNullDurationThrowsNullPointer() {
        Run.virtual(() -> {
            NullPointerException e = assertThrows(NullPointerException.class, () -> new Event().await(null));
            assertTrue(e.getMessage().contains("timeout is null"), e.getMessage());
        });
    }

    @Test
    void setFromAPlainThreadThrowsIllegalState() {
        Event event = new Event();
        IllegalStateException e = assertThrows(IllegalStateException.class, event::set);
        assertTrue(e.getMessage().contains("Event.set must be called from a microthread"), e.getMessage());
        assertFalse(event.isSet());
    }
}
