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

    /**
     * Creates the strand of a coroutine's body; the core runs it as {@link #nestsStrands()}
     * says. The default is {@link #newStrand}.
     *
     * @param body what to run; never throws
     * @param name a name for diagnostics
     */
    default Strand newCoroutineStrand(Runnable body, String name) {
        return newStrand(body, name);
    }

    /**
     * How the core runs a coroutine's strand for the microthread that resumes it.
     * <ul>
     *   <li>{@code false} (the default): by switching. The resumer's strand suspends and the core
     *       runs the coroutine's strand from its loop; a yield switches back the same way.</li>
     *   <li>{@code true}: by nesting. The resumer's strand calls the coroutine strand's
     *       {@link Strand#run()} itself, on its own stack, and a yield is the coroutine strand's
     *       {@link Strand#suspend()}, which returns to that call. Only a strand that must stop
     *       the whole microthread (a wait) makes every enclosing strand suspend in turn. A backend
     *       whose {@code run()} may be called from inside another strand's body says so here;
     *       it must also implement {@link Strand#checkSuspendable()}.</li>
     * </ul>
     */
    default boolean nestsStrands() {
        return false;
    }

    /**
     * Whether {@code t} is the thread of one of this carrier's strands (loom: a virtual thread
     * this carrier schedules). The core then finds its scheduler from the thread itself and sets
     * no thread-local on it. The default, {@code false}, suits a backend whose strands run on the
     * carrier thread; the core finds those by the carrier thread.
     */
    default boolean runsStrandOn(Thread t) {
        return false;
    }

    /** Called once when the scheduler ends; every strand has ended or been discarded. */
    @Override
    void close();
}
