package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** close() and close(cause): what senders, receivers and waiters see afterwards. */
class ChannelCloseTest {

    @Test
    void sendAfterCloseThrowsChannelClosedException() {
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(4);
            assertTrue(ch.close());
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> ch.send(1));
            assertTrue(e.getMessage().contains("closed for sending"), e.getMessage());
            assertTrue(e.getMessage().contains("Channel.send"), e.getMessage());
            assertNull(e.getCause());
            assertTrue(e instanceof IllegalStateException);
            assertThrows(ChannelClosedException.class, () -> ch.trySend(1));
            assertThrows(ChannelClosedException.class, () -> ch.send(1, Duration.ofSeconds(1)));
        });
    }

    @Test
    void bufferedValuesAreStillDeliveredAfterClose() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(3);
            ch.send(1);
            ch.send(2);
            ch.close();
            trace.add("closedForSend " + ch.isClosedForSend() + ", closedForReceive " + ch.isClosedForReceive());
            trace.add("got ", ch.receive());
            trace.add("got ", ch.receive());
            trace.add("closedForReceive " + ch.isClosedForReceive());
            try {
                ch.receive();
            } catch (ChannelClosedException e) {
                trace.add("receive: closed, cause " + e.getCause());
            }
        });
        trace.assertEvents("closedForSend true, closedForReceive false", "got 1", "got 2", "closedForReceive true",
                "receive: closed, cause null");
    }

    @Test
    void receiveOnClosedDrainedChannelThrowsEveryTime() {
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.unbounded();
            ch.close();
            ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::receive);
            assertTrue(e.getMessage().contains("closed and every value has been received"), e.getMessage());
            assertThrows(ChannelClosedException.class, ch::receive);
            assertThrows(ChannelClosedException.class, ch::tryReceive);
            assertThrows(ChannelClosedException.class, () -> ch.receive(Duration.ofSeconds(3)));
            assertThrows(ChannelClosedException.class, () -> ch.receive(Duration.ZERO));
        });
    }

    @Test
    void receiverBlockedBeforeCloseGetsClosedException() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                trace.add("R waits");
                try {
                    ch.receive();
                } catch (ChannelClosedException e) {
                    trace.add("R: closed, cause " + e.getCause());
                }
            });
            Microthread.yield();
            trace.add("main closes " + ch.close());
            r.join();
        });
        trace.assertEvents("R waits", "main closes true", "R: closed, cause null");
    }

    @Test
    void senderBlockedBeforeCloseGetsClosedExceptionAndItsValueIsLost() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(1);
            ch.send(1);
            Microthread s = Spawn.start(trace, "S", () -> {
                try {
                    ch.send(2);
                    trace.add("S sent 2");
                } catch (ChannelClosedException e) {
                    trace.add("S: closed for sending");
                }
            });
            Microthread.yield(); // S blocks: the buffer is full
            ch.close();
            trace.add("main closed");
            s.join();
            trace.add("main got ", ch.receive());
            trace.add("drained " + ch.isClosedForReceive());
        });
        trace.assertEvents("main closed", "S: closed for sending", "main got 1", "drained true");
    }

    @Test
    void closeWakesEveryBlockedReceiverInFifoOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(2);
            Microthread[] rs = new Microthread[3];
            for (int i = 0; i < 3; i++) {
                final String name = "R" + (i + 1);
                rs[i] = Spawn.start(trace, name, () -> {
                    try {
                        ch.receive();
                    } catch (ChannelClosedException e) {
                        trace.add(name + " closed");
                    }
                });
            }
            Microthread.yield();
            ch.close();
            trace.add("main closed");
            Spawn.joinAll(rs);
        });
        trace.assertEvents("main closed", "R1 closed", "R2 closed", "R3 closed");
    }

    @Test
    void closeWithCauseDeliversBufferedValuesThenThrowsWithThatCause() {
        final IllegalStateException boom = new IllegalStateException("boom");
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<String> ch = Channel.buffered(2);
            ch.send("a");
            assertTrue(ch.close(boom));
            trace.add("got ", ch.receive());
            ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::receive);
            assertSame(boom, e.getCause());
            assertTrue(e.getMessage().contains("the producer failed, see the cause"), e.getMessage());
            ChannelClosedException s = assertThrows(ChannelClosedException.class, () -> ch.send("b"));
            assertSame(boom, s.getCause());
            assertTrue(s.getMessage().contains("boom"), s.getMessage());
            trace.add("done");
        });
        trace.assertEvents("got a", "done");
    }

    @Test
    void receiverBlockedBeforeCloseWithCauseGetsTheCause() {
        final Exception cause = new java.io.IOException("disk gone");
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                try {
                    ch.receive();
                } catch (ChannelClosedException e) {
                    trace.add("R: cause " + (e.getCause() == cause));
                }
            });
            Microthread.yield();
            ch.close(cause);
            r.join();
        });
        trace.assertEvents("R: cause true");
    }

    @Test
    void closingTwiceIsHarmlessReturnsFalseAndKeepsTheFirstCause() {
        final RuntimeException first = new RuntimeException("first");
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.rendezvous();
            assertTrue(ch.close(first));
            assertFalse(ch.close(new RuntimeException("second")));
            assertFalse(ch.close());
            ChannelClosedException e = assertThrows(ChannelClosedException.class, ch::receive);
            assertSame(first, e.getCause());
        });
    }

    @Test
    void closeKeepsTheCallerRunning() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                try {
                    ch.receive();
                } catch (ChannelClosedException e) {
                    trace.add("R woken");
                }
            });
            Microthread.yield();
            ch.close();
            trace.add("main after close");
            Microthread.yield();
            trace.add("main again");
            r.join();
        });
        trace.assertEvents("main after close", "R woken", "main again");
    }
}
