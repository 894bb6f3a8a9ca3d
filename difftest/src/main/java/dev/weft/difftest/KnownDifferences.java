package dev.weft.difftest;

/**
 * Differences between the backends that are known, reported to the owners of {@code api} and
 * the backends, and reproduced by a failing test of their own (KnownDifferenceTest). The
 * differential run lists the programs that show one of them apart from the new differences,
 * which fail it; each signature is narrow, so that a new difference is never taken for a known one.
 */
public final class KnownDifferences {
    /**
     * After a scheduler's third deadlock it gives up on the blocked microthreads (SchedulerCore
     * abandonAll: strands discarded, fibers marked terminated). Marking one terminated wakes an
     * abandoned joiner, which is then dispatched anyway: loom runs the rest of its code, fallback
     * runs its discarded continuation and {@code Scheduler.run} throws this instead of a
     * {@code DeadlockException}.
     */
    public static final String ABANDONED_JOINER_RUNS =
            "run !! IllegalStateException: weft: Continuation.run() called after the body ended";

    private KnownDifferences() {
    }

    /**
     * The known difference {@code c} shows, or null if it shows none (or the backends agree).
     * A comparison shows {@link #ABANDONED_JOINER_RUNS} only if the fallback side ends at its
     * first difference with that event, after at least one {@code DeadlockException} (the
     * scheduler gives up at its third deadlock; the earlier ones were thrown and logged).
     */
    public static String classify(Comparison c) {
        int d = c.firstDifference();
        if (d < 0 || !c.rightName().equals(DiffRunner.FALLBACK) || d != c.right().size() - 1) {
            return null;
        }
        boolean deadlockedBefore = c.right().subList(0, d).stream().anyMatch(e -> e.contains("DeadlockException"));
        return deadlockedBefore && c.right().get(d).equals(ABANDONED_JOINER_RUNS) ? "ABANDONED_JOINER_RUNS" : null;
    }
}
