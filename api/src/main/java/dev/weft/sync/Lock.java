package dev.weft.sync;

import dev.weft.DeadlockException;
import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A reentrant mutual-exclusion lock for microthreads, strictly FIFO-fair: the weft counterpart
 * of a fair {@link java.util.concurrent.locks.ReentrantLock}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Reentrant.</b> The owner may lock again; each {@code lock} needs its {@link #unlock()},
 *       and the lock is released when the hold count returns to zero.</li>
 *   <li><b>FIFO, with direct hand-off.</b> Microthreads that find the lock held wait in arrival
 *       order. The final {@code unlock} hands the lock straight to the oldest waiter, which owns it
 *       from that moment (before it even runs again); the waiter goes to the tail of the run queue
 *       and the unlocker keeps running (SPEC rule 3). Nobody barges: not a later {@code lock},
 *       not {@link #tryLock()}, not the unlocker locking again at once, which queues behind the
 *       waiter it just served.</li>
 *   <li><b>Interrupts.</b> {@link #lock()} ignores interrupts: it keeps waiting and leaves the
 *       interrupt flag set. {@link #lockInterruptibly()} and {@link #tryLock(long, TimeUnit)}
 *       throw {@link InterruptedException} and clear the flag if it is set on entry or if the
 *       microthread is interrupted while waiting; an interrupted waiter leaves the queue without
 *       the lock.</li>
 *   <li><b>Timeouts</b> are measured on the scheduler's clock (the virtual clock in tests). A
 *       zero or negative timeout does not wait, as in the JDK.</li>
 *   <li><b>Deadlock.</b> If the scheduler proves that the waiters can never get the lock (two
 *       microthreads each waiting for a lock the other holds, for example), every waiting call
 *       throws {@link DeadlockException}, whose message lists each waiting microthread, the lock it
 *       waits for and its owner, and its stack.</li>
 * </ul>
 *
 * <h2>Confinement</h2>
 * A lock serves the microthreads of one scheduler: it is used without any thread-safety
 * machinery on that scheduler's carrier thread. Every operation except the queries
 * ({@link #isLocked()}, {@link #isHeldByCurrentMicrothread()}, {@link #getHoldCount()},
 * {@link #toString()}) throws {@link IllegalStateException} when called from a plain thread, or
 * from a microthread of another scheduler while the lock's scheduler still runs.
 *
 * <h2>Implementation notes</h2>
 * Invariant: if anyone waits, the lock has an owner (a release with waiters never leaves it free,
 * and a waiter that leaves by timeout or interrupt is unlinked at once). So {@code tryLock} cannot
 * barge by construction. A waiter's node says how many holds it receives: 1 for a {@code lock},
 * the saved count for a {@link Condition} waiter that re-acquires. {@link Condition#signal()}
 * moves its waiter into this queue without waking it, so the waiter keeps its place behind the
 * lock waiters that were there first.
 */
public final class Lock implements java.util.concurrent.locks.Lock {
    private final Confinement confinement = new Confinement();
    private final WaitQueue<Waiter> waiters = new WaitQueue<Waiter>();
    private volatile Fiber owner;
    private volatile int holds;

    /** Says what a waiter waits for, in dumps and deadlock reports; read when they are printed. */
    private final Object blocker = new Object() {
        @Override
        public String toString() {
            Fiber o = owner;
            return "lock of " + Names.identity(Lock.this) + (o == null ? "" : " held by " + Names.of(o));
        }
    };

    /** A microthread waiting for the lock; {@link #granted} once an unlock handed it over. */
    static final class Waiter extends WaitNode {
        final int holds;
        boolean granted;

        Waiter(Fiber fiber, int holds) {
            super(fiber);
            this.holds = holds;
        }
    }

    /** A new, unlocked lock. */
    public Lock() {
    }

    // ------------------------------------------------------------------ acquiring

    /**
     * Acquires the lock, waiting in FIFO order as long as another microthread holds it; returns at
     * once (hold count + 1) if the caller holds it already.
     *
     * <p>Not interruptible: an interrupt neither wakes nor ends the wait, and the interrupt flag
     * stays set for the caller to see afterwards.
     *
     * @throws IllegalStateException outside a microthread, or from another scheduler (see class doc),
     *                               or if the hold count would exceed {@link Integer#MAX_VALUE}
     * @throws DeadlockException     if the scheduler proves the lock can never be handed to the caller
     */
    @Override
    public void lock() {
        Fiber me = confinement.enter(this, "Lock.lock");
        if (tryAcquire(me)) {
            return;
        }
        Waiter w = new Waiter(me, 1);
        waiters.add(w);
        awaitGrant(me, w);
    }

    /**
     * Acquires the lock like {@link #lock()}, unless the caller is interrupted: if its interrupt
     * flag is set on entry, or it is interrupted while waiting, this throws
     * {@link InterruptedException}, clears the flag and leaves the queue without the lock.
     *
     * @throws InterruptedException  if interrupted before or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler (see class doc)
     * @throws DeadlockException     if the scheduler proves the lock can never be handed to the caller
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        Fiber me = confinement.enter(this, "Lock.lockInterruptibly");
        me.checkInterrupt();
        if (tryAcquire(me)) {
            return;
        }
        Waiter w = new Waiter(me, 1);
        waiters.add(w);
        if (me.park(blocker, w, true, Fiber.NO_DEADLINE) == Wake.INTERRUPT) {
            me.consumeInterrupt();
            throw new InterruptedException("interrupted while waiting for " + this);
        }
    }

    /**
     * Acquires the lock only if it is free or already held by the caller, without waiting.
     * Because a released lock goes straight to its oldest waiter, this never takes the lock ahead
     * of a waiting microthread.
     *
     * @return whether the caller now holds the lock
     * @throws IllegalStateException outside a microthread, or from another scheduler (see class doc)
     */
    @Override
    public boolean tryLock() {
        return tryAcquire(confinement.enter(this, "Lock.tryLock"));
    }

    /**
     * Acquires the lock if it becomes available within {@code time}, measured on the scheduler's
     * clock, waiting in FIFO order. A zero or negative time does not wait (like {@link #tryLock()},
     * but the interrupt flag is checked first).
     *
     * @return true if the caller now holds the lock, false if the time elapsed first
     * @throws NullPointerException  if {@code unit} is null
     * @throws InterruptedException  if interrupted before or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler (see class doc)
     * @throws DeadlockException     if the scheduler proves the lock can never be handed to the caller
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "Lock.tryLock(time, unit): unit is null");
        Fiber me = confinement.enter(this, "Lock.tryLock");
        me.checkInterrupt();
        if (tryAcquire(me)) {
            return true;
        }
        long nanos = unit.toNanos(time);
        if (nanos <= 0) {
            return false;
        }
        Waiter w = new Waiter(me, 1);
        waiters.add(w);
        Wake wake = me.park(blocker, w, true, me.core().deadlineAfter(nanos));
        if (wake == Wake.INTERRUPT) {
            me.consumeInterrupt();
            throw new InterruptedException("interrupted while waiting for " + this);
        }
        return wake == Wake.SIGNAL;
    }

    // ------------------------------------------------------------------ releasing

    /**
     * Decrements the caller's hold count; at zero the lock is released: handed to the oldest
     * waiter if there is one (it owns the lock at once and goes to the tail of the run queue, the
     * caller keeps running), else left free.
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock; the message names
     *                                      the owner (or says the lock is free) and the caller
     * @throws IllegalStateException        outside a microthread, or from another scheduler (see class doc)
     */
    @Override
    public void unlock() {
        Fiber me = confinement.enter(this, "Lock.unlock");
        checkHeld(me, "Lock.unlock", "Only the microthread that locked it may unlock it; pair each lock() with"
                + " one unlock() in a finally block of the same microthread.");
        int h = holds - 1;
        holds = h;
        if (h == 0) {
            release();
        }
    }

    /**
     * A new {@link Condition} bound to this lock. Its waiters re-acquire this lock, in FIFO order,
     * behind the microthreads already waiting for it.
     */
    @Override
    public Condition newCondition() {
        return new Condition(this);
    }

    // ------------------------------------------------------------------ queries

    /**
     * Whether some microthread holds the lock. Any thread may ask.
     *
     * @return true if the lock has an owner
     */
    public boolean isLocked() {
        return owner != null;
    }

    /**
     * Whether the calling microthread holds the lock.
     *
     * @return true if the caller owns the lock; false from a plain thread
     */
    public boolean isHeldByCurrentMicrothread() {
        Fiber o = owner;
        return o != null && o == Fiber.current();
    }

    /**
     * How many times the calling microthread holds the lock.
     *
     * @return the caller's hold count; 0 if it does not hold the lock (or from a plain thread)
     */
    public int getHoldCount() {
        return isHeldByCurrentMicrothread() ? holds : 0;
    }

    /**
     * {@code Lock@1b6d3586[unlocked]} or
     * {@code Lock@1b6d3586[locked by microthread "A" #2, hold count 1, 3 waiting]}.
     */
    @Override
    public String toString() {
        Fiber o = owner;
        if (o == null) {
            return Names.identity(this) + "[unlocked]";
        }
        return Names.identity(this) + "[locked by " + Names.of(o) + ", hold count " + holds + ", "
                + waiters.size() + " waiting]";
    }

    // ------------------------------------------------------------------ for Condition and the above

    /** Takes the lock if it is free or already the caller's; never waits. */
    private boolean tryAcquire(Fiber me) {
        Fiber o = owner;
        if (o == me) {
            if (holds == Integer.MAX_VALUE) {
                throw new IllegalStateException(Names.of(me) + " holds " + this + " " + holds
                        + " times, the maximum hold count; it cannot lock it again");
            }
            holds++;
            return true;
        }
        if (o == null) { // then nobody waits (see the invariant)
            owner = me;
            holds = 1;
            return true;
        }
        return false;
    }

    /** Hands the released lock to the oldest waiter, or leaves it free. */
    private void release() {
        Waiter w = waiters.poll();
        if (w == null) {
            owner = null;
            return;
        }
        owner = w.fiber;
        holds = w.holds;
        w.granted = true;
        w.fiber.unpark(Wake.SIGNAL);
    }

    /** Parks uninterruptibly until {@code w}, already queued, has been granted the lock. */
    private void awaitGrant(Fiber me, Waiter w) {
        while (!w.granted) {
            me.park(blocker, w, false, Fiber.NO_DEADLINE);
        }
    }

    /** Throws the IllegalMonitorStateException of an operation that needs the lock held by {@code me}. */
    void checkHeld(Fiber me, String operation, String advice) {
        Fiber o = owner;
        if (o != me) {
            throw new IllegalMonitorStateException(operation + " was called by " + Names.of(me) + ", which does not hold "
                    + Names.identity(this) + ": " + (o == null ? "the lock is not locked" : "it is held by " + Names.of(o))
                    + ". " + advice);
        }
    }

    /** Releases every hold of the owner {@code me} (a condition wait); returns how many it had. */
    int releaseFully(Fiber me) {
        int saved = holds;
        holds = 0;
        release();
        return saved;
    }

    /** Queues a signalled condition waiter for the lock, behind the current waiters; the lock is held. */
    Waiter enqueueSignalled(Fiber waiter, int savedHolds) {
        Waiter w = new Waiter(waiter, savedHolds);
        waiters.add(w);
        return w;
    }

    /**
     * Re-acquires the lock with {@code savedHolds} after a condition wait, uninterruptibly: waits
     * for the grant of {@code queued} if a signal queued the caller already, else takes the lock if
     * it is free or queues at the tail. If the wait fails (a deadlock was proven), the caller takes
     * the lock back if it is free, so that its own {@code unlock} in a {@code finally} block does not
     * hide the failure, and the failure propagates.
     */
    void reacquire(Fiber me, int savedHolds, Waiter queued) {
        if (queued == null) {
            if (owner == null) {
                owner = me;
                holds = savedHolds;
                return;
            }
            queued = new Waiter(me, savedHolds);
            waiters.add(queued);
        }
        try {
            awaitGrant(me, queued);
        } catch (RuntimeException | Error e) {
            takeBackIfFree(me, savedHolds, queued);
            throw e;
        }
    }

    /** After a failed wait: leaves the queue and takes the lock if nobody holds it. */
    void takeBackIfFree(Fiber me, int savedHolds, Waiter queued) {
        if (queued != null) {
            queued.unlink();
            if (queued.granted) {
                return;
            }
        }
        if (owner == null && waiters.isEmpty()) {
            owner = me;
            holds = savedHolds;
        }
    }
}
