package dev.weft.internal;

/**
 * A fiber's place in one {@link WaitQueue}. Primitives subclass it to carry their payload
 * (the item a sender offers, the item handed to a receiver, ...).
 *
 * <p>Carrier-thread only. A node is in at most one queue; {@link #unlink()} is O(1) and
 * idempotent, so a wake-up by timeout or interrupt can remove the node wherever it is.
 */
public class WaitNode {
    /** The waiting fiber. */
    public final Fiber fiber;
    WaitNode prev;
    WaitNode next;
    WaitQueue<?> queue;

    public WaitNode(Fiber fiber) {
        this.fiber = fiber;
    }

    /** Whether the node is still in a queue. */
    public final boolean isLinked() {
        return queue != null;
    }

    /** Removes the node from its queue, if it is in one. */
    public final void unlink() {
        WaitQueue<?> q = queue;
        if (q != null) {
            q.remove(this);
        }
    }
}
