package dev.weft.internal.channel;

import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.Wake;

/**
 * A waiting sender or receiver in one of a channel's wait queues: a plain {@code send} or
 * {@code receive}, or one clause of a {@link SelectWaiter}.
 *
 * <p>A sender's node carries the item it offers; a receiver's node gets the item handed to it.
 * The partner that completes the node has already removed it from its queue (with
 * {@code poll}), fills it, and wakes its fiber (rule 3: the woken fiber goes to the tail of the
 * run queue, the partner keeps running). Carrier-thread only.
 */
public final class ChannelNode<T> extends WaitNode {
    /** The select this node is a clause of, or null for a plain send or receive. */
    final SelectWaiter select;
    /** The clause's index in its select, in declaration order. */
    final int clause;
    /** A sender's offered item; a receiver's received item once completed. */
    T item;
    /** Set when the channel was closed while the node waited. */
    boolean closed;

    ChannelNode(Fiber fiber, SelectWaiter select, int clause, T item) {
        super(fiber);
        this.select = select;
        this.clause = clause;
        this.item = item;
    }

    /**
     * Whether the node's owner still waits for it. A plain node leaves its queue as soon as its
     * fiber wakes (the fiber unlinks it on timeout or interrupt, a partner polls it), so a linked
     * plain node is always live. A select's nodes stay linked from the moment its fiber woke by
     * timeout, interrupt or deadlock until it runs again and withdraws them: those are dead.
     */
    boolean isLive() {
        return select == null || select.isWaiting();
    }

    /** Completes the (already polled) node with a transfer: the item moved, both sides succeed. */
    void complete(T received) {
        item = received;
        wake();
    }

    /** Completes the (already polled) node because the channel was closed. */
    void completeClosed() {
        closed = true;
        wake();
    }

    private void wake() {
        if (select != null) {
            select.commit(this);
        }
        fiber.unpark(Wake.SIGNAL);
    }
}
