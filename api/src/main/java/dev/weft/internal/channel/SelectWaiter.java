package dev.weft.internal.channel;

import dev.weft.internal.Fiber;

import java.util.ArrayList;
import java.util.List;

/**
 * One parked {@code Select}: the fiber, its clause nodes (one per channel clause, each linked in
 * its channel's wait queue), and the clause that won.
 *
 * <h2>Implementation notes</h2>
 * A select waits in several queues at once, but its fiber parks once, with this object as
 * blocker and no wait node of the fiber's own. The first partner to reach any of its nodes
 * {@linkplain #commit commits} it: it records the winner and unlinks every other node before
 * waking the fiber, so no second partner can complete another clause (everything runs on the
 * carrier, so commit is atomic). A select woken by timeout, interrupt or deadlock has not
 * committed, and its nodes stay linked until its fiber runs again and {@linkplain #withdraw
 * withdraws} them; meanwhile {@link #isWaiting()} is false (the fiber's blocker was cleared by the
 * wake-up), so channels skip those nodes as dead.
 */
public final class SelectWaiter {
    final Fiber fiber;
    private final List<ChannelNode<?>> nodes = new ArrayList<ChannelNode<?>>();
    private final List<String> descriptions = new ArrayList<String>();
    private ChannelNode<?> winner;

    public SelectWaiter(Fiber fiber) {
        this.fiber = fiber;
    }

    /** Registers a receive clause on {@code channel}; returns its node (already in the queue). */
    public <T> ChannelNode<T> addReceive(ChannelCore<T> channel, int clause) {
        ChannelNode<T> n = new ChannelNode<T>(fiber, this, clause, null);
        channel.enqueueReceiver(n);
        nodes.add(n);
        descriptions.add("receive on " + channel.describe());
        return n;
    }

    /** Registers a send clause of {@code item} on {@code channel}; returns its node. */
    public <T> ChannelNode<T> addSend(ChannelCore<T> channel, int clause, T item) {
        ChannelNode<T> n = new ChannelNode<T>(fiber, this, clause, item);
        channel.enqueueSender(n);
        nodes.add(n);
        descriptions.add("send on " + channel.describe());
        return n;
    }

    /** Whether the select still waits: not committed, and its fiber still parked on it. */
    boolean isWaiting() {
        return winner == null && fiber.blocker() == this;
    }

    /** Makes {@code n} the winner and takes every other clause out of its queue. */
    void commit(ChannelNode<?> n) {
        winner = n;
        for (ChannelNode<?> other : nodes) {
            other.unlink();
        }
    }

    /** Takes every clause out of its queue; the select is over. Idempotent. */
    public void withdraw() {
        for (ChannelNode<?> n : nodes) {
            n.unlink();
        }
    }

    /** The clause index of the winner, or -1 if no partner completed a clause. */
    public int winnerClause() {
        return winner == null ? -1 : winner.clause;
    }

    /** Whether the winning clause was completed by a close rather than a transfer. */
    public boolean winnerClosed() {
        return winner != null && winner.closed;
    }

    /** The item the winning receive clause got. */
    public Object winnerItem() {
        return winner == null ? null : winner.item;
    }

    @Override
    public String toString() {
        return "select on " + descriptions;
    }
}
