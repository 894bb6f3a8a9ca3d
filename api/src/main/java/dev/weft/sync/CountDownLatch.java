package dev.weft.sync;

import dev.weft.DeadlockException;
import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot gate for microthreads that opens when a count reaches zero: the weft counterpart of
 * {@link java.util.concurrent.CountDownLatch}, with the same method names.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #countDown()} that brings the count to zero wakes every waiter, oldest first: each
 *       goes to the tail of the run queue in that order, and the caller keeps running. The count
 *       never goes below zero and cannot be reset; once open, {@code await} returns at once.</li>
 *   <li><b>Interrupts.</b> Both {@code await} methods throw {@link InterruptedException} and clear
 *       the flag if it is set on entry (even if the count is zero, as in the JDK) or if the
 *       microthread is interrupted while waiting.</li>
 *   <li><b>Timeouts</b> are measured on the scheduler's clock; a zero or negative timeout does not
 *       wait.</li>
 *   <li><b>Deadlock.</b> If the scheduler proves that the count can never reach zero, every waiting
 *       call throws {@link DeadlockException} (listing each waiting microthread).</li>
 * </ul>
 * Every operation except the queries throws {@link IllegalStateException} from a plain thread or
 * from a microthread of another scheduler (see {@link Lock}).
 */
public final class CountDownLatch {
    private final Confinement confinement = new Confinement();
    private final WaitQueue<WaitNode> waiters = new WaitQueue<WaitNode>();
    private volatile long count;

    private final Object blocker = new Object() {
        @Override
        public String toString() {
            return "await of " + CountDownLatch.this;
        }
    };

    /**
     * A latch that opens after {@code count} calls to {@link #countDown()}; zero makes it open.
     *
     * @param count the number of {@code countDown} calls before waiters pass
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public CountDownLatch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("CountDownLatch(" + count + "): the count must not be negative");
        }
        this.count = count;
    }

    /**
     * Waits until the count is zero; returns at once if it is.
     *
     * @throws InterruptedException  if interrupted on entry or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves the count can never reach zero
     */
    public void await() throws InterruptedException {
        Fiber me = confinement.enter(this, "CountDownLatch.await");
        me.checkInterrupt();
        if (count == 0) {
            return;
        }
        Waiting.await(me, waiters, blocker, Fiber.NO_DEADLINE, this);
    }

    /**
     * Waits until the count is zero or {@code timeout} has passed on the scheduler's clock.
     *
     * @param timeout the longest wait; zero or negative does not wait
     * @param unit    the unit of {@code timeout}
     * @return true if the count reached zero (or was zero), false if the time ran out first
     * @throws NullPointerException  if {@code unit} is null
     * @throws InterruptedException  if interrupted on entry or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves the count can never reach zero
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "CountDownLatch.await(timeout, unit): unit is null");
        Fiber me = confinement.enter(this, "CountDownLatch.await");
        me.checkInterrupt();
        if (count == 0) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        if (nanos <= 0) {
            return false;
        }
        return Waiting.await(me, waiters, blocker, me.core().deadlineAfter(nanos), this);
    }

    /**
     * Decrements the count; when it reaches zero, wakes every waiter, oldest first. Does nothing if
     * the count is already zero.
     *
     * @throws IllegalStateException outside a microthread, or from another scheduler
     */
    public void countDown() {
        confinement.enter(this, "CountDownLatch.countDown");
        long c = count;
        if (c == 0) {
            return;
        }
        count = c - 1;
        if (c == 1) {
            WaitNode n;
            while ((n = waiters.poll()) != null) {
                n.fiber.unpark(Wake.SIGNAL);
            }
        }
    }

    /**
     * The current count. Any thread may ask.
     *
     * @return how many {@code countDown} calls are still needed; 0 once open
     */
    public long getCount() {
        return count;
    }

    /** {@code CountDownLatch@1b6d3586[count = 2, 1 waiting]}. */
    @Override
    public String toString() {
        return Names.identity(this) + "[count = " + count + ", " + waiters.size() + " waiting]";
    }

}
