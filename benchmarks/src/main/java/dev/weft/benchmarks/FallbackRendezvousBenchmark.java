package dev.weft.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Workload 2, "rendezvous ping-pong", on the fallback backend: {@link RendezvousWorkload#weft},
 * the body of {@link RendezvousBenchmark#weftRendezvous} on loom, in forks started with weft's
 * agent, which weaves it and weft as they load ({@link FallbackContenders}). Its reference and the
 * score's unit are those of {@link RendezvousBenchmark}.
 */
public class FallbackRendezvousBenchmark extends FallbackContenders {
    @Benchmark
    @OperationsPerInvocation(RendezvousWorkload.ROUND_TRIPS)
    public int weftFallbackRendezvous() {
        return RendezvousWorkload.weft(BACKEND);
    }
}
