package dev.weft;

/**
 * A body that returns nothing and may throw checked exceptions (such as the
 * {@link InterruptedException} of a sleep or join), for {@link Scheduler#run(CheckedRunnable)}
 * and {@link Weft#run(CheckedRunnable)}.
 */
@FunctionalInterface
public interface CheckedRunnable {
    void run() throws Exception;
}
