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
    /**
     * Neighbours in the circular list of a {@link WaitQueue}, both null when in none. No link to
     * the queue itself: a node of a parked microthread is part of what it costs (4 bytes more
     * would make it 32), and the list needs none to unlink a node.
     */
    WaitNode prev;
    WaitNode next;

    public WaitNode(Fiber fiber) {
        this.fiber = fiber;
    }

    /** Whether the node is still in a queue. */
    public final boolean isLinked() {
        return next != null;
    }

    /** Removes the node from its queue, if it is in one. */
    public final void unlink() {
        WaitNode n = next;
        if (n != null) {
            WaitNode p = prev;
            p.next = n;
            n.prev = p;
            prev = null;
            next = null;
        }
    }
}
