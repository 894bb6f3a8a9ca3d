package dev.weft;

import java.util.concurrent.Callable;

/** One-line entry points. */
public final class Weft {
    private Weft() {
    }

    /**
     * {@code Scheduler.create().run(main)}: runs {@code main} as the first microthread of a new
     * scheduler with the system clock and the best backend, and returns its result.
     *
     * @see Scheduler#run(Callable)
     */
    public static <T> T run(Callable<T> main) {
        return Scheduler.create().run(main);
    }

    /** {@code Scheduler.create().run(main)}. */
    public static void run(CheckedRunnable main) {
        Scheduler.create().run(main);
    }
}
