package dev.weft.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Workload 6, "fan-in", on the fallback backend: {@link FanInWorkload#weft}, the body of
 * {@link FanInBenchmark#weftLoom} on loom, in forks started with weft's agent, which weaves it and
 * weft as they load ({@link FallbackContenders}). Its reference and the score's unit are those of
 * {@link FanInBenchmark}.
 */
public class FallbackFanInBenchmark extends FallbackContenders {
    @Benchmark
    @OperationsPerInvocation(FanInWorkload.MESSAGES)
    public long weftFallback() {
        return FanInWorkload.weft(BACKEND);
    }
}
