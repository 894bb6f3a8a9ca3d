package dev.weft;

/**
 * The time a {@link Scheduler} measures sleeps, timeouts and deadlines on.
 *
 * <p>The system clock follows {@link System#nanoTime()}. A virtual clock
 * ({@link Scheduler.Builder#virtualTime()}) starts at zero, stands still while any microthread
 * is runnable, and jumps straight to the next deadline when none is: a microthread that sleeps
 * an hour wakes after microseconds of real time, and every run interleaves the same way.
 */
public interface SchedulerClock {
    /** The current time in nanoseconds; only differences between two readings are meaningful. */
    long nanoTime();

    /** Whether this is a virtual clock. */
    boolean isVirtual();
}
