package dev.weft;

/**
 * Structured helpers over microthreads (the seeds' {@code start_in_parallel}, {@code parallel_map}
 * and {@code generate}).
 */
public final class Microthreads {
    private Microthreads() {
    }

    // ------------------------------------------------------------------ tasks: parallelMap, newPerTaskExecutor
    // (owned by the tasks work; keep this section apart from the channels section below)



    // ------------------------------------------------------------------ channels: generate
    // (owned by the channels work)

}
