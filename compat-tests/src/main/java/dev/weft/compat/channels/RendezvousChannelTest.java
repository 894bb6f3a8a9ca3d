package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rendezvous channel: every transfer meets a partner; FIFO waiters; the waker keeps running. */
class RendezvousChannelTest {

    @Test
    void receiverBlockedFirstGetsFirstValue() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            Microthread r1 = Spawn.start(trace, "R1", () -> {
                trace.add("R1 waits");
                trace.add("R1 got ", ch.receive());
            });
            Microthread r2 = Spawn.start(trace, "R2", () -> {
                trace.add("R2 waits");
                trace.add("R2 got ", ch.receive());
            });
            Microthread.yield(); // R1 then R2 block in receive
            ch.send("a");
            trace.add("main sent a");
            ch.send("b");
            trace.add("main sent b");
            Spawn.joinAll(r1, r2);
        });
        trace.assertEvents("R1 waits", "R2 waits", "main sent a", "main sent b", "R1 got a", "R2 got b");
    }

    @Test
    void senderKeepsRunningAfterHandingOffToBlockedReceiver() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                trace.add("R waits");
                trace.add("R got ", ch.receive());
            });
            Microthread.yield();
            ch.send(1);
            trace.add("main after send");
            Microthread.yield(); // only now does R run
            trace.add("main resumed");
            r.join();
        });
        trace.assertEvents("R waits", "main after send", "R got 1", "main resumed");
    }

    @Test
    void sendWaitsUntilReceiverTakesTheValue() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread s = Spawn.start(trace, "S", () -> {
                trace.add("S sends");
                ch.send(7);
                trace.add("S sent");
            });
            Microthread.yield(); // S blocks: nobody receives yet
            trace.add("main receives");
            trace.add("main got ", ch.receive()); // takes S's value without waiting; S is queued
            s.join();
        });
        trace.assertEvents("S sends", "main receives", "main got 7", "S sent");
    }

    @Test
    void blockedSendersAreWokenInOrderAndRunAfterTheReceiver() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread[] senders = new Microthread[3];
            for (int i = 0; i < 3; i++) {
                final int v = i + 1;
                senders[i] = Spawn.start(trace, "S" + v, () -> {
                    ch.send(v);
                    trace.add("S" + v + " sent");
                });
            }
            Microthread.yield();
            for (int i = 0; i < 3; i++) {
                trace.add("main got ", ch.receive());
            }
            Spawn.joinAll(senders);
        });
        trace.assertEvents("main got 1", "main got 2", "main got 3", "S1 sent", "S2 sent", "S3 sent");
    }

    @Test
    void pingPongOverTwoChannelsAlternatesStrictly() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ping = Channel.rendezvous();
            final Channel<Integer> pong = Channel.rendezvous();
            Microthread a = Spawn.start(trace, "A", () -> {
                for (int i = 0; i < 3; i++) {
                    trace.add("ping " + i);
                    ping.send(i);
                    pong.receive();
                }
            });
            Microthread b = Spawn.start(trace, "B", () -> {
                for (int i = 0; i < 3; i++) {
                    int v = ping.receive();
                    trace.add("pong " + v);
                    pong.send(v);
                }
            });
            Spawn.joinAll(a, b);
        });
        trace.assertEvents("ping 0", "pong 0", "ping 1", "pong 1", "ping 2", "pong 2");
    }

    @Test
    void trySendSucceedsOnlyWhenAReceiverWaits() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            trace.add("trySend alone " + ch.trySend(1));
            Microthread r = Spawn.start(trace, "R", () -> trace.add("R got ", ch.receive()));
            Microthread.yield();
            trace.add("trySend to waiting receiver " + ch.trySend(2));
            r.join();
        });
        trace.assertEvents("trySend alone false", "trySend to waiting receiver true", "R got 2");
    }

    @Test
    void tryReceiveTakesOnlyFromAWaitingSender() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            trace.add("tryReceive alone " + ch.tryReceive());
            Microthread s = Spawn.start(trace, "S", () -> {
                ch.send("x");
                trace.add("S sent");
            });
            Microthread.yield();
            trace.add("tryReceive with waiting sender " + ch.tryReceive());
            trace.add("tryReceive again " + ch.tryReceive());
            s.join();
        });
        trace.assertEvents("tryReceive alone null", "tryReceive with waiting sender x", "tryReceive again null",
                "S sent");
    }

    @Test
    void rendezvousChannelNeverHoldsAValue() {
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.rendezvous();
            assertFalse(ch.trySend(1));
            assertNull(ch.tryReceive());
            assertFalse(ch.isClosedForSend());
            assertTrue(ch.close());
            assertTrue(ch.isClosedForReceive(), "nothing is buffered, so a closed rendezvous channel is drained");
            assertTrue(ch.toString().contains("rendezvous"), ch.toString());
        });
    }
}
