package dev.weft.spi;

/**
 * What the core offers a backend's {@link Carrier}: one per scheduler.
 */
public interface CarrierHost {
    /** The platform thread running the scheduler loop. */
    Thread carrierThread();

    /** The scheduler's name, for thread names and messages. */
    String name();

    /**
     * A strand that had stopped outside weft's control (for example blocked on a JDK monitor)
     * is runnable again. Safe to call from any thread; from the carrier thread while one of its
     * strands is running, the strand is appended to the run queue at once (rule 3), from any
     * other thread it enters as an outside event (rule 7).
     */
    void wakeFromOutside(Strand strand);
}
