package dev.weft.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Workload 1, "switch", on the fallback backend: {@link SwitchWorkload#weft}, the body of
 * {@link SwitchBenchmark#weftLoomYield} on loom, in forks started with weft's agent, which weaves
 * it and weft as they load ({@link FallbackContenders}). Its reference and the score's unit are
 * those of {@link SwitchBenchmark}.
 */
public class FallbackSwitchBenchmark extends FallbackContenders {
    @Benchmark
    @OperationsPerInvocation(SwitchWorkload.SWITCHES)
    public int weftFallbackYield() {
        return SwitchWorkload.weft(BACKEND);
    }
}
