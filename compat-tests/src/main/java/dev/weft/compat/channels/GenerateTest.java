package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Scheduler;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Microthreads.generate: a channel fed by a producer microthread; failures and early close. */
class GenerateTest {

    /** A virtual-time scheduler whose uncaught failures become trace events. */
    private static Scheduler recording(final Trace trace) {
        return Scheduler.builder().virtualTime().name("generate-test")
                .uncaughtExceptionHandler((t, e) -> trace.add("uncaught in " + t.getName() + ": " + e))
                .build();
    }

    @Test
    void generatedValuesArriveInOrderAndTheLoopEnds() {
        List<Integer> got = Run.virtual(() -> {
            Channel<Integer> squares = Microthreads.generate(sink -> {
                for (int i = 1; i <= 5; i++) {
                    sink.send(i * i);
                }
            });
            List<Integer> out = new ArrayList<Integer>();
            for (int s : squares) {
                out.add(s);
            }
            out.add(squares.isClosedForReceive() ? -1 : 0);
            return out;
        });
        assertEquals(Arrays.asList(1, 4, 9, 16, 25, -1), got);
    }

    @Test
    void theProducerRunsLazilyInStepWithTheReader() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Channel<Integer> ch = Microthreads.generate(sink -> {
                for (int i = 1; i <= 3; i++) {
                    trace.add("make " + i);
                    sink.send(i);
                }
                trace.add("producer done");
            });
            trace.add("generate returned");
            for (int v : ch) {
                trace.add("got " + v);
            }
            trace.add("loop ended");
        });
        trace.assertEvents("generate returned", "make 1", "make 2", "got 1", "got 2", "make 3", "producer done",
                "got 3", "loop ended");
    }

    @Test
    void producerFailureReachesTheReaderAfterTheValuesSentBeforeIt() {
        final IllegalStateException boom = new IllegalStateException("boom");
        final Trace trace = new Trace();
        recording(trace).run(() -> {
            Channel<String> ch = Microthreads.generate(sink -> {
                sink.send("a");
                sink.send("b");
                throw boom;
            });
            try {
                for (String s : ch) {
                    trace.add("got " + s);
                }
                trace.add("ended normally");
            } catch (ChannelClosedException e) {
                trace.add("failed with the producer's exception: " + (e.getCause() == boom));
            }
        });
        trace.assertEvents("got a", "got b", "failed with the producer's exception: true");
    }

    @Test
    void checkedFailureOfTheProducerReachesTheReaderToo() {
        final Trace trace = new Trace();
        recording(trace).run(() -> {
            Channel<String> ch = Microthreads.generate(sink -> {
                throw new java.io.IOException("cannot read input");
            });
            try {
                ch.receive();
            } catch (ChannelClosedException e) {
                trace.add("reader: " + e.getCause());
            }
        });
        trace.assertEvents("reader: java.io.IOException: cannot read input");
    }

    @Test
    void failureTravelsDownAPipelineOfGenerators() {
        final IllegalArgumentException boom = new IllegalArgumentException("bad input 3");
        final Trace trace = new Trace();
        recording(trace).run(() -> {
            final Channel<Integer> numbers = Microthreads.generate(sink -> {
                for (int i = 1; i <= 3; i++) {
                    if (i == 3) {
                        throw boom;
                    }
                    sink.send(i);
                }
            });
            Channel<Integer> tens = Microthreads.generate(sink -> {
                for (int v : numbers) {
                    sink.send(v * 10);
                }
            });
            try {
                for (int v : tens) {
                    trace.add("got " + v);
                }
            } catch (ChannelClosedException e) {
                Throwable stage1 = e.getCause();
                trace.add("stage 2 passed on stage 1's exception: " + (stage1 instanceof ChannelClosedException));
                trace.add("root cause is the producer's: " + (stage1.getCause() == boom));
            }
        });
        trace.assertEvents("got 10", "got 20", "stage 2 passed on stage 1's exception: true",
                "root cause is the producer's: true");
    }

    @Test
    void readerCloseWakesAProducerBlockedInSendWithChannelClosedException() {
        final Trace trace = new Trace();
        recording(trace).run(() -> {
            Channel<Integer> ch = Microthreads.generate(sink -> {
                try {
                    for (int i = 0; ; i++) {
                        sink.send(i);
                    }
                } catch (ChannelClosedException e) {
                    trace.add("producer: send failed");
                    throw e;
                } finally {
                    trace.add("producer cleanup");
                }
            });
            trace.add("got ", ch.receive()); // the producer now waits to send 1
            trace.add("reader closed " + ch.close());
            Microthread.yield();
            trace.add("reader resumed");
        });
        trace.assertEvents("got 0", "reader closed true", "producer: send failed", "producer cleanup",
                "reader resumed");
    }

    @Test
    void readerCloseMakesTheProducersNextSendThrow() {
        final Trace trace = new Trace();
        recording(trace).run(() -> {
            Channel<Integer> ch = Microthreads.generate(sink -> {
                try {
                    for (int i = 0; ; i++) {
                        sink.send(i);
                        trace.add("producer sent " + i);
                    }
                } finally {
                    trace.add("producer cleanup");
                }
            });
            trace.add("got ", ch.receive());
            trace.add("got ", ch.receive()); // taken from the waiting producer, which is queued
            ch.close();
            Microthread.yield();
            trace.add("reader resumed");
        });
        trace.assertEvents("producer sent 0", "got 0", "got 1", "producer sent 1", "producer cleanup",
                "reader resumed");
    }

    @Test
    void producerFailureAfterTheReaderClosedGoesToTheUncaughtHandler() {
        final Trace trace = new Trace();
        recording(trace).run(() -> {
            Channel<Integer> ch = Microthreads.generate(sink -> {
                try {
                    sink.send(1);
                    sink.send(2);
                } catch (ChannelClosedException e) {
                    throw new IllegalStateException("cleanup failed");
                }
            });
            trace.add("got ", ch.receive());
            ch.close();
            Microthread.yield();
            trace.add("reader done");
        });
        trace.assertEvents("got 1", "uncaught in generator: java.lang.IllegalStateException: cleanup failed",
                "reader done");
    }

    @Test
    void anAbandonedGeneratorIsReportedAsADeadlockNamingTheProducer() {
        final Trace trace = new Trace();
        DeadlockException e = assertThrows(DeadlockException.class, () -> recording(trace).run(() -> {
            Channel<Integer> ch = Microthreads.generate(sink -> {
                try {
                    for (int i = 0; ; i++) {
                        sink.send(i);
                    }
                } finally {
                    trace.add("producer cleans up");
                }
            });
            trace.add("got ", ch.receive());
            trace.add("main returns without closing");
            return 42;
        }));
        // run() waits for the producer (it is not a daemon); it can never send again, so the
        // scheduler proves the deadlock, and the producer's send throws so its finally runs
        trace.assertEvents("got 0", "main returns without closing", "producer cleans up");
        assertTrue(e.getMessage().contains("\"generator\""), e.getMessage());
        assertTrue(e.getMessage().contains("send on Channel@"), e.getMessage());
    }

    @Test
    void aReaderThatClosesLetsTheProducerEndBeforeRunReturns() {
        final Trace trace = new Trace();
        int result = recording(trace).run(() -> {
            Channel<Integer> ch = Microthreads.generate(sink -> {
                try {
                    for (int i = 0; ; i++) {
                        Microthread.sleep(10);
                        sink.send(i);
                    }
                } catch (ChannelClosedException closed) {
                    trace.add("producer's send failed at " + Run.nowMillis() + " ms");
                }
            });
            trace.add("got ", ch.receive());
            ch.close();
            trace.add("main returns at " + Run.nowMillis() + " ms");
            return 42;
        });
        assertEquals(42, result);
        trace.assertEvents("got 0", "main returns at 10 ms", "producer's send failed at 20 ms");
    }

    @Test
    void aTwoStagePipelineComputesTheExactSum() {
        long sum = Run.virtual(() -> {
            final Channel<Integer> numbers = Microthreads.generate(sink -> {
                for (int i = 1; i <= 100; i++) {
                    sink.send(i);
                }
            });
            Channel<Long> squares = Microthreads.generate(sink -> {
                for (int v : numbers) {
                    sink.send((long) v * v);
                }
            });
            long s = 0;
            for (long v : squares) {
                s += v;
            }
            return s;
        });
        assertEquals(338350L, sum);
    }
}
