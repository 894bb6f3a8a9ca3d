package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.Microthread;
import dev.weft.Select;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Select: first declared ready clause wins, default, timeout, closed channels, exactly one clause. */
class SelectTest {

    @Test
    void readyReceiveClauseRunsWithoutSuspending() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> a = Channel.buffered(1);
            Channel<Integer> b = Channel.buffered(1);
            b.send(2);
            Microthread other = Spawn.start(trace, "other", () -> trace.add("other runs"));
            String r = Select.<String>builder()
                    .onReceive(a, v -> "a " + v)
                    .onReceive(b, v -> "b " + v)
                    .select();
            trace.add("selected " + r);
            other.join();
        });
        trace.assertEvents("selected b 2", "other runs");
    }

    @Test
    void firstDeclaredReadyClauseWins() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<String> a = Channel.buffered(2);
            Channel<String> b = Channel.buffered(2);
            a.send("a1");
            a.send("a2");
            b.send("b1");
            b.send("b2");
            for (int i = 0; i < 2; i++) {
                trace.add(Select.<String>builder().onReceive(a, v -> v).onReceive(b, v -> v).select());
            }
            for (int i = 0; i < 2; i++) {
                trace.add(Select.<String>builder().onReceive(b, v -> v).onReceive(a, v -> v).select());
            }
        });
        trace.assertEvents("a1", "a2", "b1", "b2");
    }

    @Test
    void orElseRunsOnlyWhenNoClauseIsReady() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            Select.Builder<String> s = Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .orElse(() -> "nothing ready");
            trace.add(s.select());
            ch.send(5);
            trace.add(s.select());
            trace.add(s.select());
            trace.add("at " + Run.nowMillis());
        });
        trace.assertEvents("nothing ready", "got 5", "nothing ready", "at 0");
    }

    @Test
    void timeoutClauseFiresAtTheDeadlineOnTheSchedulerClock() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.rendezvous();
            String r = Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .onTimeout(Duration.ofMillis(1500), () -> "timed out at " + Run.nowMillis())
                    .select();
            trace.add(r);
        });
        trace.assertEvents("timed out at 1500");
    }

    @Test
    void zeroTimeoutFiresAtOnceWhenNothingIsReady() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            Select.Builder<String> s = Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .onTimeout(Duration.ZERO, () -> "timeout");
            trace.add(s.select() + " at " + Run.nowMillis());
            ch.send(1);
            trace.add(s.select() + " at " + Run.nowMillis());
        });
        trace.assertEvents("timeout at 0", "got 1 at 0");
    }

    @Test
    void waitingSelectTakesTheFirstChannelToBecomeReadyAndWithdrawsTheOthers() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> slow = Channel.rendezvous();
            final Channel<String> fast = Channel.rendezvous();
            Microthread s1 = Spawn.start(trace, "slow", () -> {
                Microthread.sleep(2000);
                trace.add("slow trySend at " + Run.nowMillis() + ": " + slow.trySend("s"));
            });
            Microthread s2 = Spawn.start(trace, "fast", () -> {
                Microthread.sleep(1000);
                fast.send("f");
                trace.add("fast sent at " + Run.nowMillis());
            });
            String r = Select.<String>builder()
                    .onReceive(slow, v -> "slow " + v)
                    .onReceive(fast, v -> "fast " + v)
                    .select();
            trace.add("selected " + r + " at " + Run.nowMillis());
            Spawn.joinAll(s1, s2);
        });
        trace.assertEvents("fast sent at 1000", "selected fast f at 1000", "slow trySend at 2000: false");
    }

    @Test
    void sendClauseHandsOffToABlockedReceiver() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> trace.add("R got ", ch.receive()));
            Microthread.yield();
            trace.add(Select.<String>builder()
                    .onSend(ch, 11, () -> "sent 11")
                    .orElse(() -> "no receiver")
                    .select());
            r.join();
        });
        trace.assertEvents("sent 11", "R got 11");
    }

    @Test
    void waitingSendClauseCompletesWhenAReceiverArrives() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> out = Channel.rendezvous();
            final Channel<Integer> in = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                Microthread.sleep(500);
                trace.add("R got " + out.receive() + " at " + Run.nowMillis());
            });
            trace.add(Select.<String>builder()
                    .onReceive(in, v -> "received " + v)
                    .onSend(out, 3, () -> "sent 3 at " + Run.nowMillis())
                    .select());
            r.join();
            trace.add("in still empty: " + in.tryReceive());
        });
        trace.assertEvents("R got 3 at 500", "sent 3 at 500", "in still empty: null");
    }

    @Test
    void exactlyOneClauseIsPerformedWhenTwoPartnersArriveTogether() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> a = Channel.rendezvous();
            final Channel<String> b = Channel.rendezvous();
            Microthread sel = Spawn.start(trace, "sel", () -> trace.add("selected " + Select.<String>builder()
                    .onReceive(a, v -> v)
                    .onReceive(b, v -> v)
                    .select()));
            Microthread.yield(); // sel waits on both
            trace.add("trySend b " + b.trySend("from b"));
            trace.add("trySend a " + a.trySend("from a"));
            sel.join();
        });
        trace.assertEvents("trySend b true", "trySend a false", "selected from b");
    }

    @Test
    void receiveClauseOnAClosedDrainedChannelThrowsChannelClosedException() {
        final IllegalStateException cause = new IllegalStateException("upstream failed");
        Run.virtual(() -> {
            Channel<Integer> open = Channel.rendezvous();
            Channel<Integer> closed = Channel.rendezvous();
            closed.close(cause);
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> Select.<String>builder()
                    .onReceive(open, v -> "open")
                    .onReceive(closed, v -> "closed")
                    .select());
            assertSame(cause, e.getCause());
            assertTrue(e.getMessage().contains("Select.select (receive clause)"), e.getMessage());
        });
    }

    @Test
    void receiveClauseWithOnClosedHandlerGetsTheCauseInsteadOfThrowing() {
        final Trace trace = new Trace();
        final RuntimeException cause = new RuntimeException("why");
        Run.virtual(() -> {
            Channel<Integer> plain = Channel.buffered(1);
            Channel<Integer> failed = Channel.buffered(1);
            plain.send(1);
            plain.close();
            failed.close(cause);
            Select.Builder<String> s = Select.<String>builder()
                    .onReceive(plain, v -> "value " + v, c -> "plain closed, cause " + c)
                    .onReceive(failed, v -> "value " + v, c -> "failed closed, same cause " + (c == cause));
            trace.add(s.select()); // a buffered value is still delivered
            trace.add(s.select());
        });
        trace.assertEvents("value 1", "plain closed, cause null");
    }

    @Test
    void receiveClauseOfAChannelClosedWhileWaitingWins() {
        final Trace trace = new Trace();
        final RuntimeException cause = new RuntimeException("stop");
        Run.virtual(() -> {
            final Channel<Integer> a = Channel.rendezvous();
            final Channel<Integer> b = Channel.rendezvous();
            Microthread closer = Spawn.start(trace, "closer", () -> {
                Microthread.sleep(100);
                b.close(cause);
                trace.add("closer closed b");
            });
            trace.add(Select.<String>builder()
                    .onReceive(a, v -> "a " + v)
                    .onReceive(b, v -> "b " + v, c -> "b closed at " + Run.nowMillis() + ", same cause " + (c == cause))
                    .select());
            closer.join();
            trace.add("a has no waiter left: " + a.trySend(1));
        });
        trace.assertEvents("closer closed b", "b closed at 100, same cause true", "a has no waiter left: false");
    }

    @Test
    void sendClauseOnAClosedChannelThrows() {
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(3);
            ch.close();
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> Select.<String>builder()
                    .onSend(ch, 1, () -> "sent")
                    .orElse(() -> "else")
                    .select());
            assertTrue(e.getMessage().contains("closed for sending"), e.getMessage());
        });
    }

    @Test
    void waitingSendClauseThrowsWhenItsChannelIsClosed() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread sel = Spawn.start(trace, "sel", () -> {
                try {
                    Select.<String>builder().onSend(ch, 1, () -> "sent").select();
                } catch (ChannelClosedException e) {
                    trace.add("sel: closed");
                }
            });
            Microthread.yield();
            ch.close();
            sel.join();
            trace.add("nothing was sent: drained " + ch.isClosedForReceive());
        });
        trace.assertEvents("sel: closed", "nothing was sent: drained true");
    }

    @Test
    void twoReceiveClausesOnOneChannelTheFirstDeclaredIsServed() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread sel = Spawn.start(trace, "sel", () -> trace.add(Select.<String>builder()
                    .onReceive(ch, v -> "first clause " + v)
                    .onReceive(ch, v -> "second clause " + v)
                    .select()));
            Microthread.yield();
            ch.send(1);
            trace.add("second send finds no receiver: " + ch.trySend(2));
            sel.join();
        });
        trace.assertEvents("second send finds no receiver: false", "first clause 1");
    }

    @Test
    void aMicrothreadSelectsTwiceInARowOnTheSameChannel() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            final Channel<Integer> never = Channel.rendezvous();
            Microthread p = Spawn.start(trace, "P", () -> {
                ch.send(1);
                trace.add("P sent 1");
                ch.send(2);
                trace.add("P sent 2");
            });
            for (int i = 0; i < 2; i++) {
                trace.add(Select.<String>builder()
                        .onReceive(never, v -> "never")
                        .onReceive(ch, v -> "got " + v)
                        .select());
            }
            p.join();
        });
        // select 1 waits; P hands 1 to it, keeps running and blocks sending 2; select 2 takes 2
        // from the waiting P
        trace.assertEvents("P sent 1", "got 1", "got 2", "P sent 2");
    }

    @Test
    void sendAndReceiveClausesOnOneChannelNeverMatchEachOther() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.rendezvous();
            trace.add(Select.<String>builder()
                    .onSend(ch, 1, () -> "sent to myself")
                    .onReceive(ch, v -> "received from myself")
                    .onTimeout(Duration.ofSeconds(1), () -> "timeout at " + Run.nowMillis())
                    .select());
        });
        trace.assertEvents("timeout at 1000");
    }

    @Test
    void twoWaitingSelectsOnOneChannelMatchEachOther() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            final Channel<Integer> other = Channel.rendezvous();
            Microthread receiver = Spawn.start(trace, "RS", () -> trace.add(Select.<String>builder()
                    .onReceive(other, v -> "other")
                    .onReceive(ch, v -> "RS got " + v)
                    .select()));
            Microthread.yield();
            trace.add(Select.<String>builder()
                    .onReceive(other, v -> "other")
                    .onSend(ch, 8, () -> "SS sent 8")
                    .select());
            receiver.join();
        });
        trace.assertEvents("SS sent 8", "RS got 8");
    }

    @Test
    void interruptWhileSelectingThrowsAndWithdrawsEveryClause() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> a = Channel.rendezvous();
            final Channel<Integer> b = Channel.buffered(1);
            b.send(0); // full, so a send clause on b waits
            Microthread sel = Spawn.start(trace, "sel", () -> {
                try {
                    Select.<String>builder().onReceive(a, v -> "a").onSend(b, 1, () -> "b").select();
                    trace.add("sel selected");
                } catch (InterruptedException e) {
                    trace.add("sel interrupted, flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            sel.interrupt();
            sel.join();
            trace.add("a: " + a.trySend(5) + ", b: " + b.tryReceive() + " then " + b.tryReceive());
        });
        trace.assertEvents("sel interrupted, flag false", "a: false, b: 0 then null");
    }

    @Test
    void aSelectThatTimedOutIsSkippedBeforeItRunsAgain() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread s = Spawn.start(trace, "S", () -> {
                Microthread.sleep(1000);  // this timer is older than main's, so S runs first at 1000
                trace.add("S trySend " + ch.trySend(1));
            });
            Microthread.yield();          // S arms its timer first
            trace.add(Select.<String>builder()
                    .onReceive(ch, v -> "got " + v)
                    .onTimeout(Duration.ofSeconds(1), () -> "timeout")
                    .select());
            s.join();
        });
        // at 1000 both wake: S first; main's select timed out, so its clause must not take the value
        trace.assertEvents("S trySend false", "timeout");
    }

    @Test
    void selectWithOnlyATimeoutWaitsThatLong() {
        final Trace trace = new Trace();
        Run.virtual(() -> trace.add(Select.<String>builder()
                .onTimeout(Duration.ofMinutes(2), () -> "woke at " + Run.nowMillis())
                .select()));
        trace.assertEvents("woke at 120000");
    }

    @Test
    void handlerExceptionPropagatesAfterTheClauseWasPerformed() {
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            ch.send(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Select.<String>builder()
                    .onReceive(ch, v -> {
                        throw new IllegalArgumentException("handler of " + v);
                    })
                    .select());
            assertEquals("handler of 1", e.getMessage());
            assertEquals(null, ch.tryReceive());
        });
    }
    @Test
    void waitingSendClauseOnAFullBufferCompletesWhenAReceiverMakesRoom() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(1);
            ch.send(1); // full
            Microthread r = Spawn.start(trace, "R", () -> {
                Microthread.sleep(250);
                trace.add("R got " + ch.receive()); // takes 1, moves the select's 2 into the buffer
                trace.add("R got " + ch.receive());
            });
            trace.add(Select.<String>builder()
                    .onSend(ch, 2, () -> "select sent 2 at " + Run.nowMillis())
                    .select());
            r.join();
        });
        trace.assertEvents("R got 1", "R got 2", "select sent 2 at 250");
    }
}
