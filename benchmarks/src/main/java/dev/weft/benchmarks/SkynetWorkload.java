package dev.weft.benchmarks;

import dev.weft.Channel;
import dev.weft.Microthread;

/**
 * Workload 5, "skynet": its size and expected sum, and the body of weft's contenders on both
 * backends ({@link SkynetBenchmark#weftLoom}, {@link FallbackSkynetBenchmark#weftFallback}). Java
 * 17 source, no JDK-internal type: the fallback contenders are compiled again for JDK 17 (see
 * {@code run.sh}).
 */
final class SkynetWorkload {
    /** Leaves of the tree; with the inner nodes, 1,111,111 threads of control. */
    static final int SIZE = 1_000_000;
    /** Children per inner node. */
    static final int BRANCHES = 10;
    /** 0 + 1 + ... + (SIZE - 1). */
    static final long EXPECTED = (long) SIZE * (SIZE - 1) / 2;

    private SkynetWorkload() {
    }

    /**
     * The whole tree on a new scheduler of {@code backend}: each node is a microthread that starts
     * its {@link #BRANCHES} children, each with a buffered channel of its parent's to send its sum
     * into; a leaf sends its number.
     *
     * @return the root's sum, {@link #EXPECTED}
     * @throws IllegalStateException if the sum is another
     */
    static long weft(String backend) {
        return check(WeftRun.on(backend, () -> {
            Channel<Long> result = Channel.buffered(1);
            node(result, 0, SIZE);
            return result.receive();
        }));
    }

    private static void node(Channel<Long> parent, long first, int size) throws InterruptedException {
        if (size == 1) {
            parent.send(first);
            return;
        }
        Channel<Long> children = Channel.buffered(BRANCHES);
        int childSize = size / BRANCHES;
        for (int i = 0; i < BRANCHES; i++) {
            final long childFirst = first + (long) i * childSize;
            Microthread.start(() -> {
                try {
                    node(children, childFirst, childSize);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        long sum = 0;
        for (int i = 0; i < BRANCHES; i++) {
            sum += children.receive();
        }
        parent.send(sum);
    }

    /**
     * @return {@code sum}
     * @throws IllegalStateException if it is not {@link #EXPECTED}
     */
    static long check(long sum) {
        if (sum != EXPECTED) {
            throw new IllegalStateException("skynet summed " + sum + ", expected " + EXPECTED);
        }
        return sum;
    }
}
