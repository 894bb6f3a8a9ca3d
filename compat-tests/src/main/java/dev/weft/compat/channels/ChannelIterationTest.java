package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A channel is Iterable: for-each receives until closed and drained. */
class ChannelIterationTest {

    @Test
    void forEachReceivesUntilClosedAndDrained() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(5);
            ch.send(1);
            ch.send(2);
            ch.send(3);
            ch.close();
            for (int v : ch) {
                trace.add("got " + v);
            }
            trace.add("loop ended");
        });
        trace.assertEvents("got 1", "got 2", "got 3", "loop ended");
    }

    @Test
    void iterationWaitsForEachValueAndInterleavesWithTheProducer() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread p = Spawn.start(trace, "P", () -> {
                for (int i = 1; i <= 3; i++) {
                    trace.add("P sends " + i);
                    ch.send(i);
                }
                trace.add("P closes");
                ch.close();
            });
            for (int v : ch) {
                trace.add("got " + v);
            }
            trace.add("loop ended");
            p.join();
        });
        // each hand-off lets its maker continue: P hands 1 to the waiting loop and runs on until
        // its next send waits; the loop then takes 2 straight from the waiting P
        trace.assertEvents("P sends 1", "P sends 2", "got 1", "got 2", "P sends 3", "P closes", "got 3",
                "loop ended");
    }

    @Test
    void iterationOverAChannelClosedWithCauseThrowsAfterTheValues() {
        final IllegalArgumentException cause = new IllegalArgumentException("bad record 3");
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.unbounded();
            ch.send(1);
            ch.send(2);
            ch.close(cause);
            try {
                for (int v : ch) {
                    trace.add("got " + v);
                }
                trace.add("loop ended normally");
            } catch (ChannelClosedException e) {
                trace.add("loop failed, same cause " + (e.getCause() == cause));
            }
        });
        trace.assertEvents("got 1", "got 2", "loop failed, same cause true");
    }

    @Test
    void hasNextDoesNotConsumeTwiceAndNextAfterTheEndThrows() {
        Run.virtual(() -> {
            Channel<String> ch = Channel.buffered(2);
            ch.send("only");
            ch.close();
            Iterator<String> it = ch.iterator();
            assertTrue(it.hasNext());
            assertTrue(it.hasNext());
            assertSame("only", it.next());
            assertFalse(it.hasNext());
            NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
            assertTrue(e.getMessage().contains("closed and drained"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, it::remove);
        });
    }

    @Test
    void twoIteratorsShareOneStreamEachValueOnce() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Channel.buffered(4);
            for (int i = 1; i <= 4; i++) {
                ch.send(i);
            }
            ch.close();
            Iterator<Integer> a = ch.iterator();
            Iterator<Integer> b = ch.iterator();
            trace.add("a " + a.next());
            trace.add("b " + b.next());
            trace.add("a " + a.next());
            trace.add("b " + b.next());
            trace.add("a more " + a.hasNext() + ", b more " + b.hasNext());
        });
        trace.assertEvents("a 1", "b 2", "a 3", "b 4", "a more false, b more false");
    }

    @Test
    void interruptDuringIterationSetsTheFlagAgainAndThrowsUnchecked() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread reader = Spawn.start(trace, "reader", () -> {
                try {
                    for (int v : ch) {
                        trace.add("reader got " + v);
                    }
                } catch (Channel.IterationInterruptedException e) {
                    trace.add("reader stopped: cause " + e.getCause().getClass().getSimpleName()
                            + ", flag " + Microthread.current().isInterrupted());
                    assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
                }
            });
            ch.send(1);
            reader.interrupt();
            reader.join();
        });
        trace.assertEvents("reader got 1", "reader stopped: cause InterruptedException, flag true");
    }
    @Test
    void aLoopWaitingForTheNextValueEndsWhenTheChannelIsClosed() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread reader = Spawn.start(trace, "reader", () -> {
                for (int v : ch) {
                    trace.add("reader got " + v);
                }
                trace.add("reader loop ended at " + Run.nowMillis());
            });
            ch.send(1);
            Microthread.sleep(100); // the reader waits for a second value meanwhile
            ch.close();
            reader.join();
        });
        trace.assertEvents("reader got 1", "reader loop ended at 100");
    }
}
