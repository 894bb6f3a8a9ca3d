package dev.weft.benchmarks;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import java.util.concurrent.Callable;

/**
 * Runs weft's side of a workload on a new scheduler of one backend. Java 17 source, no
 * JDK-internal type: the fallback contenders are compiled again for JDK 17 (see {@code run.sh}).
 */
final class WeftRun {
    private WeftRun() {
    }

    /**
     * Runs {@code main} on a new scheduler of {@code backend} and returns its result; a microthread
     * that ends with an uncaught failure fails the invocation once the scheduler has finished. (By
     * default weft only logs such a failure, and a benchmark would go on measuring a broken run.)
     *
     * @param backend {@code "loom"} or {@code "fallback"}
     * @throws IllegalStateException naming the backend, with the first microthread's failure as
     *         its cause (the others suppressed)
     */
    static <T> T on(String backend, Callable<T> main) {
        Failures failures = new Failures();
        T result = Scheduler.builder().backend(backend).uncaughtExceptionHandler(failures).build().run(main);
        if (failures.first != null) {
            throw new IllegalStateException("a microthread failed in a benchmark on weft's " + backend + " backend",
                    failures.first);
        }
        return result;
    }

    /** Keeps the failures of one scheduler's microthreads (its carrier is the only thread calling it). */
    private static final class Failures implements Microthread.UncaughtExceptionHandler {
        Throwable first;

        @Override
        public void uncaughtException(Microthread t, Throwable e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
    }
}
