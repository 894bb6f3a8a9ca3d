package dev.weft.sync;

import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;

/**
 * Binds a synchronisation primitive to the scheduler whose microthreads use it.
 *
 * <p>The primitives of this package keep their wait queues without locks or atomics: they are
 * confined to one carrier thread. A primitive belongs to the scheduler of the first microthread
 * that uses it; a microthread of another scheduler that still runs gets a clear
 * {@link IllegalStateException} instead of a corrupted queue. Once that scheduler has finished,
 * the primitive may be used by another one (a constant shared by successive runs, for example).
 */
final class Confinement {
    private volatile SchedulerCore home;

    /**
     * The calling microthread, after checking that it may use {@code primitive}.
     *
     * @param operation what the caller does, for messages, e.g. {@code "Lock.lock"}
     * @throws IllegalStateException outside a microthread, or from a microthread of another
     *                               scheduler that is still running
     */
    Fiber enter(Object primitive, String operation) {
        Fiber me = Fiber.require(operation);
        SchedulerCore mine = me.core();
        SchedulerCore h = home;
        if (h != mine) {
            if (h != null && !h.isFinished()) {
                throw new IllegalStateException(operation + " was called from " + Names.of(me) + " of " + mine
                        + ", but " + primitive + " belongs to " + h + ". A weft lock, condition, semaphore,"
                        + " latch or event serves the microthreads of one scheduler: create one per scheduler,"
                        + " or use a java.util.concurrent primitive between schedulers.");
            }
            home = mine;
        }
        return me;
    }
}
