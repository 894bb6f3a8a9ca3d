package dev.weft.benchmarks;

import dev.weft.Microthread;

/**
 * Workload 4, "spawn": its size, and the body of weft's contenders on both backends
 * ({@link SpawnBenchmark#weftLoom}, {@link FallbackSpawnBenchmark#weftFallback}). Java 17 source,
 * no JDK-internal type: the fallback contenders are compiled again for JDK 17 (see
 * {@code run.sh}).
 */
final class SpawnWorkload {
    /** Threads of control per invocation. */
    static final int COUNT = 100_000;

    private SpawnWorkload() {
    }

    /**
     * Starts {@link #COUNT} microthreads on a new scheduler of {@code backend}, each of which
     * yields once, then joins them all in start order. A microthread that fails fails the
     * invocation ({@link WeftRun#on}); one that never ends is a deadlock, which weft reports.
     *
     * @return the microthreads joined, {@link #COUNT}
     */
    static int weft(String backend) {
        return WeftRun.on(backend, () -> {
            Microthread[] all = new Microthread[COUNT];
            for (int i = 0; i < COUNT; i++) {
                all[i] = Microthread.start(Microthread::yield);
            }
            int joined = 0;
            for (Microthread t : all) {
                t.join();
                joined++;
            }
            return joined;
        });
    }
}
