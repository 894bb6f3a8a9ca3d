package dev.weft.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Workload 4, "spawn", on the fallback backend: {@link SpawnWorkload#weft}, the body of
 * {@link SpawnBenchmark#weftLoom} on loom, in forks started with weft's agent, which weaves it and
 * weft as they load ({@link FallbackContenders}). Its reference and the score's unit are those of
 * {@link SpawnBenchmark}.
 */
public class FallbackSpawnBenchmark extends FallbackContenders {
    @Benchmark
    @OperationsPerInvocation(SpawnWorkload.COUNT)
    public int weftFallback() {
        return SpawnWorkload.weft(BACKEND);
    }
}
