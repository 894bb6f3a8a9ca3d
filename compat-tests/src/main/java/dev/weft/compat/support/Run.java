package dev.weft.compat.support;

import dev.weft.CheckedRunnable;
import dev.weft.Scheduler;

import java.util.concurrent.Callable;

/** Runs a test body as the main microthread of a fresh scheduler on the virtual clock. */
public final class Run {
    private Run() {
    }

    /** A new scheduler on the virtual clock, with the backend chosen by {@code -Dweft.backend}. */
    public static Scheduler scheduler() {
        return Scheduler.builder().virtualTime().name("test").build();
    }

    /** Runs {@code main} on a new virtual-time scheduler and returns its result. */
    public static <T> T virtual(Callable<T> main) {
        return scheduler().run(main);
    }

    /** Runs {@code main} on a new virtual-time scheduler. */
    public static void virtual(CheckedRunnable main) {
        scheduler().run(main);
    }

    /** Milliseconds of virtual time since the scheduler started (its clock starts at zero). */
    public static long nowMillis() {
        return Scheduler.current().clock().nanoTime() / 1_000_000L;
    }
}
