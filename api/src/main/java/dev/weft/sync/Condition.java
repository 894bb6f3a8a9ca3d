package dev.weft.sync;

import dev.weft.DeadlockException;
import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A condition queue bound to a weft {@link Lock} (from {@link Lock#newCondition()}): the weft
 * counterpart of the condition of a fair {@link java.util.concurrent.locks.ReentrantLock}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Waiting</b> ({@code await*}) requires the caller to hold the lock. It releases the lock
 *       completely (whatever the hold count; the lock goes to its oldest waiter) and waits. Before
 *       returning or throwing, the waiter always holds the lock again, with its former hold count.</li>
 *   <li><b>FIFO.</b> Waiters are signalled in the order they started waiting. {@link #signal()}
 *       moves the oldest waiter to the tail of the lock's queue, <em>behind the microthreads
 *       already waiting for the lock</em>; it runs once an unlock hands it the lock.
 *       {@link #signalAll()} moves every waiter, oldest first. The signaller keeps running and
 *       keeps the lock. There are no spurious wake-ups.</li>
 *   <li><b>Interrupts.</b> If the waiter is interrupted before it is signalled, it re-acquires the
 *       lock (at the tail of the lock's queue) and throws {@link InterruptedException}, clearing
 *       the flag. If it is interrupted after being signalled, the wait returns normally and the
 *       interrupt flag stays set. A flag already set on entry throws at once, without releasing
 *       the lock. {@link #awaitUninterruptibly()} ignores interrupts and leaves the flag set.</li>
 *   <li><b>Timeouts</b> are measured on the scheduler's clock (the virtual clock in tests). A
 *       waiter whose time runs out before a signal re-acquires the lock at the tail of the lock's
 *       queue and reports the timeout; a signal that came first wins, even if the lock is handed
 *       over only after the deadline. A zero or negative timeout still releases and re-acquires
 *       the lock, as in the JDK, so the lock's waiters run first.</li>
 *   <li><b>Deadlock.</b> If the scheduler proves that no signal can ever come, the wait throws
 *       {@link DeadlockException} (listing every waiting microthread); the waiter then holds the
 *       lock again only if it was free.</li>
 * </ul>
 * Every method throws {@link IllegalMonitorStateException} if the caller does not hold the lock,
 * and {@link IllegalStateException} from a plain thread or from a microthread of another
 * scheduler (see {@link Lock}).
 *
 * <h2>Implementation notes</h2>
 * A waiter parks on its node in this queue. A signal unlinks the node and queues a lock waiter
 * for the same microthread, without waking it (it could not run without the lock anyway); the
 * release that hands it the lock wakes it. If a timer or an interrupt wakes it while it sits in
 * the lock queue, it was signalled first, so it just parks again, uninterruptibly, keeping its
 * place in the lock queue.
 */
public final class Condition implements java.util.concurrent.locks.Condition {
    private final Lock lock;
    private final WaitQueue<Waiter> waiters = new WaitQueue<Waiter>();

    private final Object blocker = new Object() {
        @Override
        public String toString() {
            return "await on " + Condition.this;
        }
    };

    /** A waiting microthread; {@link #signalled} is its node in the lock's queue once signalled. */
    private static final class Waiter extends WaitNode {
        final int savedHolds;
        Lock.Waiter signalled;

        Waiter(Fiber fiber, int savedHolds) {
            super(fiber);
            this.savedHolds = savedHolds;
        }
    }

    /** How a wait ended. */
    private enum Outcome { SIGNALLED, TIMED_OUT, INTERRUPTED }

    Condition(Lock lock) {
        this.lock = lock;
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Releases the lock and waits until signalled or interrupted, then re-acquires the lock.
     *
     * @throws InterruptedException         if interrupted on entry or before being signalled (the flag is
     *                                      cleared; the lock is held again when this is thrown)
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     * @throws DeadlockException            if the scheduler proves no signal can come
     */
    @Override
    public void await() throws InterruptedException {
        Fiber me = enter("Condition.await");
        me.checkInterrupt();
        if (await(me, true, Fiber.NO_DEADLINE) == Outcome.INTERRUPTED) {
            throw interrupted(me);
        }
    }

    /**
     * Releases the lock and waits until signalled, ignoring interrupts, then re-acquires the lock.
     * An interrupt neither wakes the waiter nor is cleared: the flag is still set on return.
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     * @throws DeadlockException            if the scheduler proves no signal can come
     */
    @Override
    public void awaitUninterruptibly() {
        Fiber me = enter("Condition.awaitUninterruptibly");
        await(me, false, Fiber.NO_DEADLINE);
    }

    /**
     * Releases the lock and waits until signalled, interrupted or {@code nanosTimeout} has passed on
     * the scheduler's clock, then re-acquires the lock.
     *
     * @return the time left before the deadline, measured once the lock is held again: positive if
     *         signalled early enough (with the virtual clock, exactly {@code nanosTimeout} minus the
     *         virtual time that passed); zero or negative if the time ran out (it may also be so
     *         after a signal that came just before the deadline, if re-acquiring took the rest)
     * @throws InterruptedException         if interrupted on entry or before being signalled (flag cleared)
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     * @throws DeadlockException            if the scheduler proves no signal can come
     */
    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        Fiber me = enter("Condition.awaitNanos");
        me.checkInterrupt();
        long deadline = me.core().deadlineAfter(nanosTimeout);
        if (await(me, true, deadline) == Outcome.INTERRUPTED) {
            throw interrupted(me);
        }
        long left = deadline - me.core().clock().nanoTime();
        // the saturated deadline can make "left" larger than what was asked: report no more than that
        return left <= nanosTimeout ? left : nanosTimeout;
    }

    /**
     * Releases the lock and waits until signalled, interrupted or {@code time} has passed on the
     * scheduler's clock, then re-acquires the lock.
     *
     * @return true if signalled before the deadline (even if the lock came back later), false if
     *         the time ran out first
     * @throws NullPointerException         if {@code unit} is null
     * @throws InterruptedException         if interrupted on entry or before being signalled (flag cleared)
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     * @throws DeadlockException            if the scheduler proves no signal can come
     */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "Condition.await(time, unit): unit is null");
        Fiber me = enter("Condition.await");
        me.checkInterrupt();
        Outcome o = await(me, true, me.core().deadlineAfter(unit.toNanos(time)));
        if (o == Outcome.INTERRUPTED) {
            throw interrupted(me);
        }
        return o == Outcome.SIGNALLED;
    }

    /**
     * Releases the lock and waits until signalled, interrupted or {@code deadline} has passed, then
     * re-acquires the lock. The scheduler's clock has no calendar: the wait lasts
     * {@code deadline.getTime() - System.currentTimeMillis()} milliseconds, computed once on entry and
     * then measured on the scheduler's clock (with the virtual clock, a deadline one hour ahead takes
     * one virtual hour and no real time). A deadline in the past does not wait, but still releases
     * and re-acquires the lock.
     *
     * @return true if signalled before the deadline, false if it passed first
     * @throws NullPointerException         if {@code deadline} is null
     * @throws InterruptedException         if interrupted on entry or before being signalled (flag cleared)
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     * @throws DeadlockException            if the scheduler proves no signal can come
     */
    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        Objects.requireNonNull(deadline, "Condition.awaitUntil(deadline): deadline is null");
        Fiber me = enter("Condition.awaitUntil");
        me.checkInterrupt();
        long millis = deadline.getTime() - System.currentTimeMillis();
        long nanos = millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE
                : millis <= Long.MIN_VALUE / 1_000_000L ? Long.MIN_VALUE : millis * 1_000_000L;
        Outcome o = await(me, true, me.core().deadlineAfter(nanos));
        if (o == Outcome.INTERRUPTED) {
            throw interrupted(me);
        }
        return o == Outcome.SIGNALLED;
    }

    // ------------------------------------------------------------------ signalling

    /**
     * Moves the oldest waiter, if any, to the tail of the lock's queue; it returns from its
     * {@code await} once it has the lock again. The caller keeps running and keeps the lock.
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     */
    @Override
    public void signal() {
        enter("Condition.signal");
        Waiter w = waiters.poll();
        if (w != null) {
            w.signalled = lock.enqueueSignalled(w.fiber, w.savedHolds);
        }
    }

    /**
     * Moves every waiter, oldest first, to the tail of the lock's queue. The caller keeps running
     * and keeps the lock.
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     * @throws IllegalStateException        outside a microthread, or from another scheduler
     */
    @Override
    public void signalAll() {
        enter("Condition.signalAll");
        Waiter w;
        while ((w = waiters.poll()) != null) {
            w.signalled = lock.enqueueSignalled(w.fiber, w.savedHolds);
        }
    }

    /** {@code Condition@5e2de80c of Lock@1b6d3586[...], 2 waiting}. */
    @Override
    public String toString() {
        return Names.identity(this) + " of " + lock + ", " + waiters.size() + " waiting";
    }

    // ------------------------------------------------------------------ the wait

    private Fiber enter(String operation) {
        // the lock's confinement: a condition lives on its lock's scheduler
        Fiber me = Fiber.require(operation);
        lock.checkHeld(me, operation, "Lock the condition's lock first: lock.lock(); try { ... "
                + operation.substring("Condition.".length()) + "() ... } finally { lock.unlock(); }");
        return me;
    }

    private Outcome await(Fiber me, boolean interruptible, long deadline) {
        int saved = lock.releaseFully(me);
        Waiter w = new Waiter(me, saved);
        waiters.add(w);
        Wake wake;
        try {
            wake = me.park(blocker, w, interruptible, deadline);
        } catch (RuntimeException | Error e) {
            // a proven deadlock, or the strand could not suspend: leave every queue
            w.unlink();
            lock.takeBackIfFree(me, saved, w.signalled);
            throw e;
        }
        if (w.signalled != null) {
            // signalled, perhaps woken early by a timer or an interrupt that came afterwards
            lock.reacquire(me, saved, w.signalled);
            return Outcome.SIGNALLED;
        }
        // the timer or an interrupt came first; the node was unlinked
        lock.reacquire(me, saved, null);
        return wake == Wake.INTERRUPT ? Outcome.INTERRUPTED : Outcome.TIMED_OUT;
    }

    private InterruptedException interrupted(Fiber me) {
        me.consumeInterrupt();
        return new InterruptedException("interrupted while awaiting " + Names.identity(this) + " of "
                + Names.identity(lock));
    }
}
