package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Interrupting blocked senders and receivers: InterruptedException, flag cleared, nothing transferred. */
class ChannelInterruptTest {

    @Test
    void interruptWakesABlockedReceiverWithInterruptedExceptionAndClearsTheFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                try {
                    ch.receive();
                    trace.add("R received");
                } catch (InterruptedException e) {
                    trace.add("R interrupted, flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            r.interrupt();
            trace.add("main interrupted R");
            r.join();
            trace.add("trySend after " + ch.trySend(1));
        });
        trace.assertEvents("main interrupted R", "R interrupted, flag false", "trySend after false");
    }

    @Test
    void interruptWakesABlockedSenderAndItsValueIsNotDelivered() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            Microthread s = Spawn.start(trace, "S", () -> {
                try {
                    ch.send("lost");
                    trace.add("S sent");
                } catch (InterruptedException e) {
                    trace.add("S interrupted, flag " + Microthread.current().isInterrupted());
                }
            });
            Microthread.yield();
            s.interrupt();
            s.join();
            trace.add("tryReceive " + ch.tryReceive());
        });
        trace.assertEvents("S interrupted, flag false", "tryReceive null");
    }

    @Test
    void interruptedSenderLeavesTheQueueAndTheNextSenderIsServed() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            Microthread s1 = Spawn.start(trace, "S1", () -> {
                try {
                    ch.send("a");
                } catch (InterruptedException e) {
                    trace.add("S1 interrupted");
                }
            });
            Microthread s2 = Spawn.start(trace, "S2", () -> {
                ch.send("b");
                trace.add("S2 sent");
            });
            Microthread.yield();
            s1.interrupt();
            trace.add("main got ", ch.receive());
            Spawn.joinAll(s1, s2);
        });
        // S1 was woken (queued) but had left the queue at once, so main took S2's value
        trace.assertEvents("main got b", "S1 interrupted", "S2 sent");
    }

    @Test
    void operationWithTheFlagSetThrowsAtOnceEvenWhenAValueIsReady() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(2);
            ch.send(1);
            Microthread.current().interrupt();
            try {
                ch.receive();
            } catch (InterruptedException e) {
                trace.add("receive threw, flag " + Microthread.current().isInterrupted());
            }
            Microthread.current().interrupt();
            try {
                ch.send(2, Duration.ZERO);
            } catch (InterruptedException e) {
                trace.add("send(0) threw, flag " + Microthread.current().isInterrupted());
            }
            trace.add("value still there: " + ch.tryReceive() + ", nothing else: " + ch.tryReceive());
        });
        trace.assertEvents("receive threw, flag false", "send(0) threw, flag false",
                "value still there: 1, nothing else: null");
    }

    @Test
    void interruptArrivingAfterTheHandOffKeepsTheValueAndTheFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                int v = ch.receive();
                trace.add("R got " + v + ", flag " + Microthread.current().isInterrupted());
            });
            Microthread.yield();
            ch.send(42);      // R is completed and queued
            r.interrupt();    // too late to abort the receive
            r.join();
        });
        trace.assertEvents("R got 42, flag true");
    }

    @Test
    void tryOperationsIgnoreTheInterruptFlag() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            Microthread.current().interrupt();
            trace.add("trySend " + ch.trySend(1));
            trace.add("tryReceive " + ch.tryReceive());
            trace.add("flag still set " + Microthread.interrupted());
        });
        trace.assertEvents("trySend true", "tryReceive 1", "flag still set true");
    }

    @Test
    void interruptWakesATimedReceiveBeforeItsDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                try {
                    ch.receive(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    trace.add("R interrupted at " + Run.nowMillis());
                }
            });
            Microthread.sleep(300);
            r.interrupt();
            r.join();
            trace.add("main at " + Run.nowMillis());
        });
        trace.assertEvents("R interrupted at 300", "main at 300");
    }
}
