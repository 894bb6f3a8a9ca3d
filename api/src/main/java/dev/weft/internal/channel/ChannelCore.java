package dev.weft.internal.channel;

import dev.weft.ChannelClosedException;
import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.ArrayDeque;

/**
 * The state and algorithm of one channel: the policy behind {@code dev.weft.Channel} and
 * {@code dev.weft.Select}, written once for every backend.
 *
 * <h2>Implementation notes</h2>
 * Carrier-confined, like every core primitive: no locks, no atomics. State: a buffer of at most
 * {@code capacity} items (none for a rendezvous channel), a FIFO queue of waiting senders (each
 * node carries its item) and a FIFO queue of waiting receivers. Invariants, outside of a call:
 * <ul>
 *   <li>receivers wait only while the buffer is empty and no sender waits: a send first looks
 *       for a waiting receiver and hands its item over directly, so an item never sits in the
 *       buffer while a receiver waits;</li>
 *   <li>senders wait only while the buffer is full (always, for a rendezvous channel): a receive
 *       that takes the buffer's head moves the oldest waiting sender's item into the freed slot,
 *       so the buffer stays in send order;</li>
 *   <li>after close, nobody waits: close completes every waiting sender and receiver, and
 *       nothing new waits on a closed channel.</li>
 * </ul>
 * Every completion is a wake-up (rule 3): the partner polls the node, fills it, unparks its fiber
 * (tail of the run queue) and keeps running. Queues are served oldest first (rule 4). Nodes of a
 * select that has already woken up are skipped as dead ({@link ChannelNode#isLive()}).
 *
 * <p>Code after a wait avoids touching a class for the first time (no switch on an enum, whose
 * lookup class loads lazily): the JIT compiles such code with a trap there while no wait has
 * returned yet, and a skynet-like program has tens of thousands of microthreads frozen in that
 * compiled frame on loom, each deoptimized (about 10 µs) as it returns.
 *
 * <p>A channel serves the microthreads of one scheduler at a time: it is bound to the scheduler
 * of the last microthread that used it, and another scheduler's microthread may take it over
 * only while nobody waits on it (it could not wake a fiber of another carrier).
 */
public final class ChannelCore<T> {
    /** The capacity of an unbounded channel. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    /** Wait without a timeout. */
    public static final long FOREVER = -1L;
    /** {@link #pollNow()}: nothing to receive yet. */
    public static final Object EMPTY = new Object();
    /** {@link #pollNow()}: closed and drained, nothing will ever arrive. */
    public static final Object CLOSED = new Object();

    private final int capacity;
    private final ArrayDeque<T> buffer;
    private final WaitQueue<ChannelNode<T>> senders = new WaitQueue<ChannelNode<T>>();
    private final WaitQueue<ChannelNode<T>> receivers = new WaitQueue<ChannelNode<T>>();
    /** The public object, whose identity hash names the channel; see {@link #describe()}. */
    private final Object identity;
    /** What a waiting sender or receiver waits on, for dumps; made by the first to wait. */
    private Blocker sendBlocker;
    private Blocker receiveBlocker;
    private volatile boolean closed;
    private volatile boolean drained;
    private Throwable cause;
    private SchedulerCore owner;
    /**
     * The node of the last plain send or receive that waited, once it is done with, for the next
     * one of the same microthread to reuse (a rendezvous ping-pong waits on every message; a
     * reused node costs no allocation). A done node is in no queue and nobody refers to it: the
     * partner polled it, or a timeout or interrupt unlinked it.
     */
    private ChannelNode<T> spare;

    /**
     * @param capacity 0 for a rendezvous channel, {@link #UNBOUNDED}, or the buffer size
     * @param identity the public object, whose identity hash names the channel in messages
     */
    public ChannelCore(int capacity, Object identity) {
        this.capacity = capacity;
        this.buffer = capacity == 0 ? null : new ArrayDeque<T>(capacity == UNBOUNDED ? 16 : Math.min(capacity, 64));
        this.identity = identity; // the name is built only when a message or a dump needs it
    }

    // ------------------------------------------------------------------ public operations

    /**
     * Sends, waiting at most {@code nanos} ({@link #FOREVER}: no limit; 0: try once).
     *
     * @return false if the time ran out before the item was taken or buffered
     */
    public boolean send(T item, long nanos, String op) throws InterruptedException {
        Fiber me = enter(op);
        me.checkInterrupt();
        if (closed) {
            throw closedForSend(op);
        }
        if (offerNow(item)) {
            return true;
        }
        if (nanos == 0) {
            return false;
        }
        ChannelNode<T> n = node(me, item);
        senders.add(n);
        if (sendBlocker == null) {
            sendBlocker = new Blocker("send on ");
        }
        Wake w = me.park(sendBlocker, n, true, nanos == FOREVER ? Fiber.NO_DEADLINE : me.core().deadlineAfter(nanos));
        boolean closedMeanwhile = n.closed;
        n.item = null;
        spare = n;
        // if, not a switch on the enum: a switch's lookup class is loaded when a wait first
        // returns, so code compiled while many microthreads wait here would be deoptimized once
        // per waiter as each returns (see the class notes)
        if (w == Wake.SIGNAL) {
            if (closedMeanwhile) {
                throw closedForSend(op);
            }
            return true;
        }
        if (w == Wake.TIMEOUT) {
            return false;
        }
        me.consumeInterrupt();
        throw new InterruptedException(op + " on " + describe() + " was interrupted; the value was not sent");
    }

    /** A node for a plain send or receive of {@code me}: the spare one if it is {@code me}'s. */
    private ChannelNode<T> node(Fiber me, T item) {
        ChannelNode<T> n = spare;
        if (n != null && n.fiber == me) {
            spare = null;
            n.item = item;
            n.closed = false;
            return n;
        }
        return new ChannelNode<T>(me, null, 0, item);
    }

    /** Sends without waiting; false if the item can be neither handed over nor buffered now. */
    public boolean trySend(T item, String op) {
        enter(op);
        if (closed) {
            throw closedForSend(op);
        }
        return offerNow(item);
    }

    /**
     * Receives, waiting at most {@code nanos} ({@link #FOREVER}: no limit; 0: try once).
     *
     * @return the item, or null if the time ran out
     */
    public T receive(long nanos, String op) throws InterruptedException {
        Fiber me = enter(op);
        me.checkInterrupt();
        Object r = pollNow();
        if (r == CLOSED) {
            throw closedForReceive(op);
        }
        if (r != EMPTY) {
            return cast(r);
        }
        if (nanos == 0) {
            return null;
        }
        ChannelNode<T> n = node(me, null);
        receivers.add(n);
        if (receiveBlocker == null) {
            receiveBlocker = new Blocker("receive on ");
        }
        Wake w = me.park(receiveBlocker, n, true, nanos == FOREVER ? Fiber.NO_DEADLINE : me.core().deadlineAfter(nanos));
        boolean closedMeanwhile = n.closed;
        T received = n.item;
        n.item = null;
        spare = n;
        if (w == Wake.SIGNAL) { // if, not a switch: see send
            if (closedMeanwhile) {
                throw closedForReceive(op);
            }
            return received;
        }
        if (w == Wake.TIMEOUT) {
            return null;
        }
        me.consumeInterrupt();
        throw new InterruptedException(op + " on " + describe() + " was interrupted; no value was taken");
    }

    /** Receives without waiting: the item, or null if none is ready. */
    public T tryReceive(String op) {
        enter(op);
        Object r = pollNow();
        if (r == CLOSED) {
            throw closedForReceive(op);
        }
        return r == EMPTY ? null : ChannelCore.<T>cast(r);
    }

    /**
     * Closes the channel; {@code failure} (may be null) becomes the cause of every later
     * receive's {@link ChannelClosedException}. Wakes every waiter, senders first, each queue
     * oldest first.
     *
     * @return false if it was already closed (nothing changes then)
     */
    public boolean close(Throwable failure, String op) {
        enter(op);
        if (closed) {
            return false;
        }
        cause = failure;
        closed = true;
        ChannelNode<T> n;
        while ((n = pollLive(senders)) != null) {
            n.completeClosed();
        }
        while ((n = pollLive(receivers)) != null) {
            n.completeClosed();
        }
        updateDrained();
        return true;
    }

    /** Whether a send would fail: the channel is closed. Any thread (a snapshot). */
    public boolean isClosedForSend() {
        return closed;
    }

    /** Whether a receive would fail: closed and nothing left to deliver. Any thread (a snapshot). */
    public boolean isClosedForReceive() {
        return drained;
    }

    // ------------------------------------------------------------------ for Select

    /**
     * Checks that the calling code is a microthread that may use this channel, and binds the
     * channel to its scheduler.
     *
     * @throws IllegalStateException outside a microthread, or if microthreads of another
     *         running scheduler wait on this channel
     */
    public Fiber enter(String op) {
        Fiber me = Fiber.require(op);
        SchedulerCore c = me.core();
        if (owner != c) {
            if (owner != null && !owner.isFinished() && hasWaiters()) {
                throw new IllegalStateException(op + " on " + describe() + " from a microthread of " + c
                        + ", but microthreads of " + owner + " wait on this channel. A channel serves the"
                        + " microthreads of one scheduler at a time; use a channel per scheduler.");
            }
            owner = c;
        }
        return me;
    }

    /**
     * Hands {@code item} to the oldest waiting receiver, or buffers it. The channel must be open.
     *
     * @return false if neither is possible now
     */
    public boolean offerNow(T item) {
        ChannelNode<T> r = pollLive(receivers);
        if (r != null) {
            r.complete(item);
            return true;
        }
        if (buffer != null && buffer.size() < capacity) {
            buffer.addLast(item);
            return true;
        }
        return false;
    }

    /**
     * Takes the next item: the buffer's head (refilling the slot from the oldest waiting sender),
     * else the oldest waiting sender's item.
     *
     * @return the item, {@link #EMPTY} if none is ready, {@link #CLOSED} if none will ever be
     */
    public Object pollNow() {
        if (buffer != null && !buffer.isEmpty()) {
            T x = buffer.pollFirst();
            ChannelNode<T> s = pollLive(senders);
            if (s != null) {
                buffer.addLast(s.item);
                s.complete(s.item);
            }
            updateDrained();
            return x;
        }
        ChannelNode<T> s = pollLive(senders);
        if (s != null) {
            T x = s.item;
            s.complete(x);
            return x;
        }
        return closed ? CLOSED : EMPTY;
    }

    /** Appends a select's receive clause to the receivers (the caller checked nothing is ready). */
    void enqueueReceiver(ChannelNode<T> n) {
        receivers.add(n);
    }

    /** Appends a select's send clause to the senders (the caller checked nothing is ready). */
    void enqueueSender(ChannelNode<T> n) {
        senders.add(n);
    }

    /** The failure the channel was closed with, or null. */
    public Throwable closeCause() {
        return cause;
    }

    /** The exception a send on this closed channel throws; {@code op} names the operation. */
    public ChannelClosedException closedForSend(String op) {
        String m = op + " on " + describe() + " failed: the channel is closed for sending"
                + (cause == null ? " (close() was called)" : " (closed with failure " + cause + ")")
                + ". Stop sending once the channel is closed; isClosedForSend() tells in advance.";
        return new ChannelClosedException(m, cause);
    }

    /** The exception a receive on this closed, drained channel throws. */
    public ChannelClosedException closedForReceive(String op) {
        String m = op + " on " + describe() + " failed: the channel is closed and every value has been received"
                + (cause == null ? " (close() was called)" : "; the producer failed, see the cause")
                + ". Stop receiving once isClosedForReceive() is true; a for-each loop over the channel ends"
                + " by itself.";
        return new ChannelClosedException(m, cause);
    }

    /** The channel's name and kind, e.g. {@code Channel@1f2e (buffered 4)}. */
    public String describe() {
        String kind = capacity == 0 ? "rendezvous" : capacity == UNBOUNDED ? "unbounded" : "buffered " + capacity;
        return "Channel@" + Integer.toHexString(System.identityHashCode(identity)) + " (" + kind + ")";
    }

    @Override
    public String toString() {
        String name = describe();
        StringBuilder sb = new StringBuilder(name.substring(0, name.length() - 1));
        if (buffer != null) {
            sb.append(", ").append(buffer.size()).append(" buffered");
        }
        if (drained) {
            sb.append(", closed and drained");
        } else if (closed) {
            sb.append(", closed");
        }
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ helpers

    private boolean hasWaiters() {
        return firstLive(senders) != null || firstLive(receivers) != null;
    }

    /** Removes and returns the oldest live node, discarding dead select clauses before it. */
    private static <T> ChannelNode<T> pollLive(WaitQueue<ChannelNode<T>> q) {
        ChannelNode<T> n;
        while ((n = q.poll()) != null) {
            if (n.isLive()) {
                return n;
            }
        }
        return null;
    }

    private static <T> ChannelNode<T> firstLive(WaitQueue<ChannelNode<T>> q) {
        ChannelNode<T> n;
        while ((n = q.peek()) != null && !n.isLive()) {
            n.unlink();
        }
        return n;
    }

    private void updateDrained() {
        if (closed && (buffer == null || buffer.isEmpty())) {
            drained = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** What a waiting microthread waits on, for dumps and deadlock reports. */
    private final class Blocker {
        private final String what;

        Blocker(String what) {
            this.what = what;
        }

        @Override
        public String toString() {
            return what + ChannelCore.this;
        }
    }
}
