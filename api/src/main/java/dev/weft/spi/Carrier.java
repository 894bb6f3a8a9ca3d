package dev.weft.spi;

/**
 * A backend's per-scheduler state: the factory of strands for one carrier thread.
 */
public interface Carrier extends AutoCloseable {
    /**
     * Creates a strand that will run {@code body} when the core first calls {@link Strand#run()}.
     * The body never throws: the core wraps it.
     *
     * @param body what to run
     * @param name a name for diagnostics (may be empty)
     */
    Strand newStrand(Runnable body, String name);

    /** Called once when the scheduler ends; every strand has ended or been discarded. */
    @Override
    void close();
}
