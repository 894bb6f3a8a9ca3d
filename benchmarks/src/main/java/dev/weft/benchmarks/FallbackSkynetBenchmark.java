package dev.weft.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Workload 5, "skynet", on the fallback backend: {@link SkynetWorkload#weft}, the body of
 * {@link SkynetBenchmark#weftLoom} on loom, in forks started with weft's agent, which weaves it
 * and weft as they load ({@link FallbackContenders}). Its reference, the score's unit
 * (milliseconds per tree) and the heap are those of {@link SkynetBenchmark}.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.FALLBACK_AGENT, Jvm.SKYNET_HEAP})
public class FallbackSkynetBenchmark extends FallbackContenders {
    @Benchmark
    public long weftFallback() {
        return SkynetWorkload.weft(BACKEND);
    }
}
