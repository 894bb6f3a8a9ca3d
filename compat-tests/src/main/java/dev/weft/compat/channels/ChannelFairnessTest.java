package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FIFO service of many waiters (rule 4), and many producers and consumers losing nothing. */
class ChannelFairnessTest {

    private static List<Integer> receiveFromTwentyBlockedSenders(final Channel<Integer> ch) {
        return Run.virtual(() -> {
            final Trace trace = new Trace();
            List<Microthread> senders = new ArrayList<Microthread>();
            for (int i = 0; i < 20; i++) {
                final int v = i;
                senders.add(Spawn.start(trace, "S" + i, () -> ch.send(v)));
            }
            Microthread.yield(); // every sender runs once, in start order, and blocks (or buffers)
            List<Integer> got = new ArrayList<Integer>();
            for (int i = 0; i < 20; i++) {
                got.add(ch.receive());
            }
            for (Microthread s : senders) {
                s.join();
            }
            assertEquals(new ArrayList<String>(), trace.events());
            return got;
        });
    }

    private static List<Integer> zeroToNineteen() {
        List<Integer> l = new ArrayList<Integer>();
        for (int i = 0; i < 20; i++) {
            l.add(i);
        }
        return l;
    }

    @Test
    void twentyBlockedSendersAreServedInFifoOrderOnARendezvousChannel() {
        assertEquals(zeroToNineteen(), receiveFromTwentyBlockedSenders(Channel.<Integer>rendezvous()));
    }

    @Test
    void twentyBlockedSendersAreServedInFifoOrderBehindABuffer() {
        assertEquals(zeroToNineteen(), receiveFromTwentyBlockedSenders(Channel.<Integer>buffered(3)));
    }

    @Test
    void twentyBlockedReceiversAreServedInFifoOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.buffered(2);
            List<Microthread> rs = new ArrayList<Microthread>();
            for (int i = 0; i < 20; i++) {
                final String name = "R" + i;
                rs.add(Spawn.start(trace, name, () -> trace.add(name + " got " + ch.receive())));
            }
            Microthread.yield();
            for (int i = 0; i < 20; i++) {
                ch.send(i);
            }
            for (Microthread r : rs) {
                r.join();
            }
        });
        String[] expected = new String[20];
        for (int i = 0; i < 20; i++) {
            expected[i] = "R" + i + " got " + i;
        }
        trace.assertEvents(expected);
    }

    /** 10 producers of 100 values each, 7 consumers; returns {count, sum, distinct}. */
    private static long[] manyToMany(final Channel<Integer> ch) {
        return Run.virtual(() -> {
            final Trace trace = new Trace();
            final int producers = 10;
            final int perProducer = 100;
            final long[] count = new long[1];
            final long[] sum = new long[1];
            final boolean[] seen = new boolean[producers * perProducer];
            final long[] distinct = new long[1];
            final Channel<Integer> done = Channel.unbounded();
            for (int p = 0; p < producers; p++) {
                final int base = p * perProducer;
                Spawn.start(trace, "P" + p, () -> {
                    for (int i = 0; i < perProducer; i++) {
                        ch.send(base + i);
                        if (i % 7 == 0) {
                            Microthread.yield();
                        }
                    }
                    done.send(1);
                });
            }
            List<Microthread> consumers = new ArrayList<Microthread>();
            for (int c = 0; c < 7; c++) {
                consumers.add(Spawn.start(trace, "C" + c, () -> {
                    for (int v : ch) {
                        count[0]++;
                        sum[0] += v;
                        if (!seen[v]) {
                            seen[v] = true;
                            distinct[0]++;
                        }
                    }
                }));
            }
            for (int p = 0; p < producers; p++) {
                done.receive();
            }
            ch.close();
            for (Microthread c : consumers) {
                c.join();
            }
            assertEquals(new ArrayList<String>(), trace.events());
            return new long[] {count[0], sum[0], distinct[0]};
        });
    }

    @Test
    void manyProducersAndConsumersTransferEveryValueExactlyOnceOverRendezvous() {
        long[] r = manyToMany(Channel.<Integer>rendezvous());
        assertEquals(1000, r[0], "count");
        assertEquals(499500, r[1], "sum");
        assertEquals(1000, r[2], "distinct");
    }

    @Test
    void manyProducersAndConsumersTransferEveryValueExactlyOnceOverABuffer() {
        long[] r = manyToMany(Channel.<Integer>buffered(4));
        assertEquals(1000, r[0], "count");
        assertEquals(499500, r[1], "sum");
        assertEquals(1000, r[2], "distinct");
    }

    @Test
    void manyProducersAndConsumersTransferEveryValueExactlyOnceUnbounded() {
        long[] r = manyToMany(Channel.<Integer>unbounded());
        assertEquals(1000, r[0], "count");
        assertEquals(499500, r[1], "sum");
        assertEquals(1000, r[2], "distinct");
    }
}
