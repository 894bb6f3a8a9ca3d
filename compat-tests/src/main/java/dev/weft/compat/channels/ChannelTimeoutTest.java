package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Timed send and receive on the virtual clock: when they give up, and what they leave behind. */
class ChannelTimeoutTest {

    @Test
    void timedReceiveReturnsNullAtTheDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.rendezvous();
            trace.add("got " + ch.receive(Duration.ofSeconds(5)) + " at " + Run.nowMillis());
        });
        trace.assertEvents("got null at 5000");
    }

    @Test
    void timedSendReturnsFalseAtTheDeadlineAndTheValueIsNotDelivered() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            ch.send(1);
            trace.add("sent " + ch.send(2, Duration.ofMillis(2500)) + " at " + Run.nowMillis());
            trace.add("got ", ch.tryReceive());
            trace.add("then ", ch.tryReceive());
        });
        trace.assertEvents("sent false at 2500", "got 1", "then null");
    }

    @Test
    void timedReceiveGetsAValueSentBeforeTheDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            Microthread s = Spawn.start(trace, "S", () -> {
                Microthread.sleep(2000);
                ch.send("late but in time");
            });
            trace.add("got " + ch.receive(Duration.ofSeconds(10)) + " at " + Run.nowMillis());
            s.join();
        });
        trace.assertEvents("got late but in time at 2000");
    }

    @Test
    void timedSendSucceedsWhenAReceiverArrivesBeforeTheDeadline() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                Microthread.sleep(700);
                trace.add("R got " + ch.receive() + " at " + Run.nowMillis());
            });
            trace.add("sent " + ch.send("v", Duration.ofSeconds(1)) + " at " + Run.nowMillis());
            r.join();
        });
        trace.assertEvents("R got v at 700", "sent true at 700"); // the receiver completed the send and kept running
    }

    @Test
    void zeroOrNegativeTimeoutTriesOnceWithoutSuspending() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(1);
            Microthread other = Spawn.start(trace, "other", () -> trace.add("other runs"));
            trace.add("receive(0) " + ch.receive(Duration.ZERO));
            trace.add("receive(-1s) " + ch.receive(Duration.ofSeconds(-1)));
            trace.add("send(0) " + ch.send(1, Duration.ZERO));
            trace.add("send(-1s) " + ch.send(2, Duration.ofSeconds(-1)));
            trace.add("receive(0) " + ch.receive(Duration.ZERO));
            trace.add("at " + Run.nowMillis());
            other.join();
        });
        trace.assertEvents("receive(0) null", "receive(-1s) null", "send(0) true", "send(-1s) false", "receive(0) 1",
                "at 0", "other runs");
    }

    @Test
    void zeroTimeoutSendHandsOffToAWaitingReceiver() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> trace.add("R got ", ch.receive()));
            Microthread.yield();
            trace.add("send(0) " + ch.send(5, Duration.ZERO));
            r.join();
        });
        trace.assertEvents("send(0) true", "R got 5");
    }

    @Test
    void timedOutReceiverLeavesTheQueueSoTheNextValueGoesToALaterReceiver() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r1 = Spawn.start(trace, "R1", () ->
                    trace.add("R1 got " + ch.receive(Duration.ofSeconds(1)) + " at " + Run.nowMillis()));
            Microthread r2 = Spawn.start(trace, "R2", () ->
                    trace.add("R2 got " + ch.receive() + " at " + Run.nowMillis()));
            Microthread.sleep(2000);
            ch.send(9);
            Spawn.joinAll(r1, r2);
        });
        trace.assertEvents("R1 got null at 1000", "R2 got 9 at 2000");
    }

    @Test
    void timedOutSenderLeavesTheQueueSoTheNextSenderIsServed() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<String> ch = Channel.rendezvous();
            Microthread s1 = Spawn.start(trace, "S1", () ->
                    trace.add("S1 sent " + ch.send("one", Duration.ofSeconds(1)) + " at " + Run.nowMillis()));
            Microthread s2 = Spawn.start(trace, "S2", () -> {
                ch.send("two");
                trace.add("S2 sent at " + Run.nowMillis());
            });
            Microthread.sleep(1500);
            trace.add("main got ", ch.receive());
            Spawn.joinAll(s1, s2);
        });
        trace.assertEvents("S1 sent false at 1000", "main got two", "S2 sent at 1500");
    }

    @Test
    void waitersTimeOutInDeadlineOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread[] rs = new Microthread[3];
            long[] seconds = {3, 1, 2};
            for (int i = 0; i < 3; i++) {
                final String name = "R" + (i + 1);
                final long s = seconds[i];
                rs[i] = Spawn.start(trace, name, () -> {
                    Integer got = ch.receive(Duration.ofSeconds(s));
                    trace.add(name + " gave up at " + Run.nowMillis() + " with " + got);
                });
            }
            Spawn.joinAll(rs);
        });
        trace.assertEvents("R2 gave up at 1000 with null", "R3 gave up at 2000 with null",
                "R1 gave up at 3000 with null");
    }

    @Test
    void hugeTimeoutDoesNotOverflow() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread s = Spawn.start(trace, "S", () -> {
                Microthread.sleep(1000);
                ch.send(1);
            });
            trace.add("got " + ch.receive(Duration.ofSeconds(Long.MAX_VALUE)) + " at " + Run.nowMillis());
            s.join();
        });
        trace.assertEvents("got 1 at 1000");
    }
}
