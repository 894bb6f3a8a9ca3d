package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buffered and unbounded channels: when a send waits, direct hand-off, refilling from senders. */
class BufferedChannelTest {

    @Test
    void sendDoesNotWaitUntilTheBufferIsFull() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(2);
            Microthread other = Spawn.start(trace, "other", () -> {
                trace.add("other runs");
                trace.add("other got ", ch.receive());
            });
            ch.send(1);
            ch.send(2);
            trace.add("main sent 2 without waiting");
            trace.add("trySend on full " + ch.trySend(3));
            ch.send(3); // full: main waits; other takes 1, 3 moves into the buffer, main is woken
            trace.add("main sent 3");
            other.join();
            trace.add("left " + ch.tryReceive() + ch.tryReceive() + ch.tryReceive());
        });
        trace.assertEvents("main sent 2 without waiting", "trySend on full false", "other runs", "other got 1",
                "main sent 3", "left 23null");
    }

    @Test
    void sendWithBlockedReceiverHandsOffDirectlyAndBuffersTheRest() {
        // the example of Channel's class comment, event for event
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(1);
            Microthread r = Spawn.start(trace, "R", () -> {
                for (int i = 0; i < 3; i++) {
                    trace.add("R got ", ch.receive());
                }
            });
            Microthread.yield(); // R blocks in receive
            ch.send(1);
            trace.add("S sent 1");
            ch.send(2);
            trace.add("S sent 2");
            ch.send(3);
            trace.add("S sent 3");
            r.join();
        });
        trace.assertEvents("S sent 1", "S sent 2", "R got 1", "R got 2", "R got 3", "S sent 3");
    }

    @Test
    void receiveRefillsTheBufferFromTheOldestBlockedSender() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(1);
            ch.send(1);
            Microthread s2 = Spawn.start(trace, "S2", () -> {
                ch.send(2);
                trace.add("S2 sent");
            });
            Microthread s3 = Spawn.start(trace, "S3", () -> {
                ch.send(3);
                trace.add("S3 sent");
            });
            Microthread.yield(); // both block: the buffer holds 1
            trace.add("main got ", ch.receive()); // 1; 2 moves into the buffer, S2 is woken
            trace.add("main got ", ch.receive()); // 2; 3 moves in, S3 is woken
            trace.add("main got ", ch.receive()); // 3, from the buffer
            Spawn.joinAll(s2, s3);
        });
        trace.assertEvents("main got 1", "main got 2", "main got 3", "S2 sent", "S3 sent");
    }

    @Test
    void valuesArriveInSendOrderThroughASmallBuffer() {
        final List<Integer> got = Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(3);
            final Trace trace = new Trace();
            Microthread p = Spawn.start(trace, "P", () -> {
                for (int i = 0; i < 10; i++) {
                    ch.send(i);
                }
                ch.close();
            });
            List<Integer> out = new ArrayList<Integer>();
            for (int v : ch) {
                out.add(v);
            }
            p.join();
            assertEquals(Arrays.asList(), trace.events());
            return out;
        });
        assertEquals(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
    }

    @Test
    void producerFillsTheBufferThenAlternatesWithTheConsumer() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(2);
            Microthread p = Spawn.start(trace, "P", () -> {
                for (int i = 1; i <= 4; i++) {
                    ch.send(i);
                    trace.add("P sent " + i);
                }
            });
            Microthread c = Spawn.start(trace, "C", () -> {
                for (int i = 1; i <= 4; i++) {
                    trace.add("C got ", ch.receive());
                }
            });
            Spawn.joinAll(p, c);
        });
        // P fills the buffer (1, 2) and blocks on 3; C takes 1 (3 moves in, P woken), 2, 3, then
        // waits; P runs: "sent 3", sends 4 straight to the waiting C; C takes it.
        trace.assertEvents("P sent 1", "P sent 2", "C got 1", "C got 2", "C got 3", "P sent 3", "P sent 4",
                "C got 4");
    }

    @Test
    void trySendOnAFullBufferReturnsFalseAndChangesNothing() {
        Run.virtual(() -> {
            Channel<String> ch = Channel.buffered(2);
            assertTrue(ch.trySend("a"));
            assertTrue(ch.trySend("b"));
            assertFalse(ch.trySend("c"));
            assertEquals("a", ch.tryReceive());
            assertEquals("b", ch.tryReceive());
            assertNull(ch.tryReceive());
        });
    }

    @Test
    void unboundedSendNeverWaits() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.unbounded();
            Microthread other = Spawn.start(trace, "other", () -> trace.add("other runs"));
            for (int i = 1; i <= 10_000; i++) {
                ch.send(i);
            }
            trace.add("main sent 10000");
            other.join(); // main suspends for the first time here
            long sum = 0;
            Integer v;
            while ((v = ch.tryReceive()) != null) {
                sum += v;
            }
            trace.add("sum " + sum);
        });
        trace.assertEvents("main sent 10000", "other runs", "sum 50005000");
    }

    @Test
    void unboundedSendHandsOffToABlockedReceiver() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.unbounded();
            Microthread r = Spawn.start(trace, "R", () -> {
                trace.add("R got ", ch.receive());
                trace.add("R got ", ch.receive());
            });
            Microthread.yield();
            ch.send(1);
            ch.send(2);
            trace.add("main sent 2");
            r.join();
        });
        trace.assertEvents("main sent 2", "R got 1", "R got 2");
    }

    @Test
    void kindsAreNamedByToString() {
        Run.virtual(() -> {
            Channel<Integer> b = Channel.buffered(4);
            b.send(1);
            assertTrue(b.toString().matches("Channel@[0-9a-f]+ \\(buffered 4, 1 buffered\\)"), b.toString());
            Channel<Integer> u = Channel.unbounded();
            u.close();
            assertTrue(u.toString().matches("Channel@[0-9a-f]+ \\(unbounded, 0 buffered, closed and drained\\)"),
                    u.toString());
        });
    }
}
