package dev.weft.sync;

import dev.weft.DeadlockException;
import dev.weft.internal.Durations;
import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.time.Duration;
import java.util.Objects;

/**
 * A flag that microthreads can wait for, like Python's {@code threading.Event}: {@link #set()}
 * raises it and wakes every waiter, {@link #clear()} lowers it, {@link #await()} waits until it
 * is raised.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #set()} wakes every waiter, oldest first: each goes to the tail of the run queue in
 *       that order, and the caller keeps running. A waiter woken by {@code set} returns (true)
 *       even if the flag was cleared again before it ran, as in Python.</li>
 *   <li>While the flag is set, {@code await} returns at once. The event can be set and cleared
 *       any number of times.</li>
 *   <li><b>Interrupts.</b> Both {@code await} methods throw {@link InterruptedException} and clear
 *       the flag if the interrupt flag is set on entry or if the microthread is interrupted while
 *       waiting.</li>
 *   <li><b>Timeouts</b> are measured on the scheduler's clock; a zero or negative duration does not
 *       wait.</li>
 *   <li><b>Deadlock.</b> If the scheduler proves the event can never be set, every waiting call
 *       throws {@link DeadlockException} (listing each waiting microthread).</li>
 * </ul>
 * Every operation except the queries throws {@link IllegalStateException} from a plain thread or
 * from a microthread of another scheduler (see {@link Lock}).
 */
public final class Event {
    private final Confinement confinement = new Confinement();
    private final WaitQueue<WaitNode> waiters = new WaitQueue<WaitNode>();
    private volatile boolean flag;

    private final Object blocker = new Object() {
        @Override
        public String toString() {
            return "await of " + Event.this;
        }
    };

    /** A new event, not set. */
    public Event() {
    }

    /**
     * Raises the flag and wakes every waiter, oldest first. Does nothing if it is already set.
     *
     * @throws IllegalStateException outside a microthread, or from another scheduler
     */
    public void set() {
        confinement.enter(this, "Event.set");
        if (flag) {
            return;
        }
        flag = true;
        WaitNode n;
        while ((n = waiters.poll()) != null) {
            n.fiber.unpark(Wake.SIGNAL);
        }
    }

    /**
     * Lowers the flag: later calls to {@code await} wait until the next {@link #set()}.
     *
     * @throws IllegalStateException outside a microthread, or from another scheduler
     */
    public void clear() {
        confinement.enter(this, "Event.clear");
        flag = false;
    }

    /**
     * Whether the flag is set. Any thread may ask.
     *
     * @return true between a {@code set} and the next {@code clear}
     */
    public boolean isSet() {
        return flag;
    }

    /**
     * Waits until the flag is set; returns at once if it is.
     *
     * @throws InterruptedException  if interrupted on entry or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves the event can never be set
     */
    public void await() throws InterruptedException {
        Fiber me = confinement.enter(this, "Event.await");
        me.checkInterrupt();
        if (flag) {
            return;
        }
        Waiting.await(me, waiters, blocker, Fiber.NO_DEADLINE, this);
    }

    /**
     * Waits until the flag is set or {@code timeout} has passed on the scheduler's clock. A zero
     * or negative duration does not wait.
     *
     * @param timeout the longest wait
     * @return true if the flag was set on entry or a {@link #set()} woke the caller, false if the
     *         time ran out first
     * @throws NullPointerException  if {@code timeout} is null
     * @throws InterruptedException  if interrupted on entry or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves the event can never be set
     */
    public boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "Event.await(timeout): timeout is null");
        Fiber me = confinement.enter(this, "Event.await");
        me.checkInterrupt();
        if (flag) {
            return true;
        }
        long nanos = Durations.toNanos(timeout);
        if (nanos <= 0) {
            return false;
        }
        return Waiting.await(me, waiters, blocker, me.core().deadlineAfter(nanos), this);
    }

    /** {@code Event@1b6d3586[set]} or {@code Event@1b6d3586[not set, 2 waiting]}. */
    @Override
    public String toString() {
        return Names.identity(this) + (flag ? "[set]" : "[not set, " + waiters.size() + " waiting]");
    }

}
