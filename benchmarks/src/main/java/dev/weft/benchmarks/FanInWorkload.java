package dev.weft.benchmarks;

import dev.weft.Channel;
import dev.weft.Microthread;

/**
 * Workload 6, "fan-in": its sizes and expected sum, and the body of weft's contenders on both
 * backends ({@link FanInBenchmark#weftLoom}, {@link FallbackFanInBenchmark#weftFallback}). Java 17
 * source, no JDK-internal type: the fallback contenders are compiled again for JDK 17 (see
 * {@code run.sh}).
 */
final class FanInWorkload {
    static final int PRODUCERS = 1_000;
    static final int PER_PRODUCER = 1_000;
    static final int MESSAGES = PRODUCERS * PER_PRODUCER;
    static final int CAPACITY = 1_024;
    /** Every producer sends 0 .. PER_PRODUCER - 1. */
    static final long EXPECTED = (long) PRODUCERS * PER_PRODUCER * (PER_PRODUCER - 1) / 2;

    private FanInWorkload() {
    }

    /**
     * On a new scheduler of {@code backend}: {@link #PRODUCERS} microthreads each send 0 to
     * {@link #PER_PRODUCER} - 1 into one {@link Channel#buffered(int)} of {@link #CAPACITY}; the
     * main microthread receives all {@link #MESSAGES} and sums them.
     *
     * @return the sum, {@link #EXPECTED}
     * @throws IllegalStateException if the sum is another
     */
    static long weft(String backend) {
        return check(WeftRun.on(backend, () -> {
            Channel<Integer> ch = Channel.buffered(CAPACITY);
            for (int p = 0; p < PRODUCERS; p++) {
                Microthread.start(() -> {
                    try {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            ch.send(i);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            long sum = 0;
            for (int i = 0; i < MESSAGES; i++) {
                sum += ch.receive();
            }
            return sum;
        }));
    }

    /**
     * @return {@code sum}
     * @throws IllegalStateException if it is not {@link #EXPECTED}
     */
    static long check(long sum) {
        if (sum != EXPECTED) {
            throw new IllegalStateException("fan-in summed " + sum + ", expected " + EXPECTED);
        }
        return sum;
    }
}
