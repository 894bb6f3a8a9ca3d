package dev.weft.sync;

import dev.weft.DeadlockException;
import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore for microthreads, strictly FIFO: the weft counterpart of a fair
 * {@link java.util.concurrent.Semaphore}, with the same method names.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>FIFO hand-off.</b> A microthread that cannot have its permits at once waits in arrival
 *       order. {@link #release(int)} hands permits straight to the waiters, oldest first, for as
 *       long as the oldest one's whole request can be met; each served waiter owns its permits at
 *       once and goes to the tail of the run queue, and the releaser keeps running. A waiter
 *       asking for many permits holds back the ones behind it until it is served.</li>
 *   <li><b>No barging.</b> While anyone waits, every {@code tryAcquire} fails and every
 *       {@code acquire} queues, even if enough permits are available (they are then reserved for
 *       the oldest waiter). Unlike the JDK's fair semaphore, this holds for the untimed
 *       {@link #tryAcquire()} too.</li>
 *   <li><b>Interrupts.</b> {@code acquire} and the timed {@code tryAcquire} throw
 *       {@link InterruptedException} and clear the flag if it is set on entry or if the microthread
 *       is interrupted while waiting; it then leaves the queue with no permits. The
 *       {@code acquireUninterruptibly} variants ignore interrupts and leave the flag set.</li>
 *   <li><b>Timeouts</b> are measured on the scheduler's clock. A zero or negative timeout does not
 *       wait, as in the JDK. A waiter leaving by timeout or interrupt lets the waiters behind it
 *       be served from the permits available, when it runs again.</li>
 *   <li><b>Deadlock.</b> If the scheduler proves that no permit can ever come, every waiting call
 *       throws {@link DeadlockException} (listing each waiting microthread and what it waits for).</li>
 * </ul>
 * Permits are plain counts: any microthread may release, whether or not it acquired.
 * Every operation except the queries throws {@link IllegalStateException} from a plain thread or
 * from a microthread of another scheduler (see {@link Lock}).
 */
public final class Semaphore {
    private final Confinement confinement = new Confinement();
    private final WaitQueue<Waiter> waiters = new WaitQueue<Waiter>();
    private volatile int permits;

    private static final class Waiter extends WaitNode {
        final int wanted;

        Waiter(Fiber fiber, int wanted) {
            super(fiber);
            this.wanted = wanted;
        }
    }

    /**
     * A semaphore with {@code permits} permits. As in the JDK, the number may be negative: releases
     * must then bring it above zero before any acquire succeeds.
     *
     * @param permits the initial number of permits
     */
    public Semaphore(int permits) {
        this.permits = permits;
    }

    // ------------------------------------------------------------------ acquiring

    /**
     * Acquires one permit, waiting in FIFO order; see {@link #acquire(int)}.
     *
     * @throws InterruptedException  if interrupted before or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves no permit can ever come
     */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /**
     * Acquires {@code permits} permits, all at once, waiting in FIFO order until a release hands
     * them over. {@code acquire(0)} waits for its turn like any other request.
     *
     * @param permits how many permits to acquire
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws InterruptedException     if interrupted before or while waiting (the flag is cleared;
     *                                  no permit is taken)
     * @throws IllegalStateException    outside a microthread, or from another scheduler
     * @throws DeadlockException        if the scheduler proves the permits can never come
     */
    public void acquire(int permits) throws InterruptedException {
        checkCount("acquire", permits);
        Fiber me = confinement.enter(this, "Semaphore.acquire");
        me.checkInterrupt();
        if (tryTake(permits)) {
            return;
        }
        if (waitFor(me, permits, true, Fiber.NO_DEADLINE) == Wake.INTERRUPT) {
            throw interrupted(me, permits);
        }
    }

    /**
     * Acquires one permit like {@link #acquire()}, ignoring interrupts (the flag stays set).
     *
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves no permit can ever come
     */
    public void acquireUninterruptibly() {
        acquireUninterruptibly(1);
    }

    /**
     * Acquires {@code permits} permits like {@link #acquire(int)}, ignoring interrupts (the flag
     * stays set).
     *
     * @param permits how many permits to acquire
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException    outside a microthread, or from another scheduler
     * @throws DeadlockException        if the scheduler proves the permits can never come
     */
    public void acquireUninterruptibly(int permits) {
        checkCount("acquireUninterruptibly", permits);
        Fiber me = confinement.enter(this, "Semaphore.acquireUninterruptibly");
        if (!tryTake(permits)) {
            waitFor(me, permits, false, Fiber.NO_DEADLINE);
        }
    }

    /**
     * Takes one permit if one is available and nobody waits; never waits.
     *
     * @return whether a permit was taken
     * @throws IllegalStateException outside a microthread, or from another scheduler
     */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code permits} permits if that many are available and nobody waits; never waits.
     *
     * @param permits how many permits to take
     * @return whether the permits were taken
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException    outside a microthread, or from another scheduler
     */
    public boolean tryAcquire(int permits) {
        checkCount("tryAcquire", permits);
        confinement.enter(this, "Semaphore.tryAcquire");
        return tryTake(permits);
    }

    /**
     * Acquires one permit if it can be had within {@code timeout}; see
     * {@link #tryAcquire(int, long, TimeUnit)}.
     *
     * @param timeout the longest wait; zero or negative does not wait
     * @param unit    the unit of {@code timeout}
     * @return true if the permit was acquired, false if the time ran out first
     * @throws NullPointerException  if {@code unit} is null
     * @throws InterruptedException  if interrupted before or while waiting (the flag is cleared)
     * @throws IllegalStateException outside a microthread, or from another scheduler
     * @throws DeadlockException     if the scheduler proves no permit can ever come
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    /**
     * Acquires {@code permits} permits if a release hands them over within {@code timeout},
     * measured on the scheduler's clock, waiting in FIFO order. A zero or negative timeout does not
     * wait (the interrupt flag is still checked first).
     *
     * @param permits how many permits to acquire
     * @param timeout the longest wait
     * @param unit    the unit of {@code timeout}
     * @return true if the permits were acquired, false if the time ran out first (no permit is taken)
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws NullPointerException     if {@code unit} is null
     * @throws InterruptedException     if interrupted before or while waiting (the flag is cleared;
     *                                  no permit is taken)
     * @throws IllegalStateException    outside a microthread, or from another scheduler
     * @throws DeadlockException        if the scheduler proves the permits can never come
     */
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
        checkCount("tryAcquire", permits);
        Objects.requireNonNull(unit, "Semaphore.tryAcquire(permits, timeout, unit): unit is null");
        Fiber me = confinement.enter(this, "Semaphore.tryAcquire");
        me.checkInterrupt();
        if (tryTake(permits)) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        if (nanos <= 0) {
            return false;
        }
        Wake w = waitFor(me, permits, true, me.core().deadlineAfter(nanos));
        if (w == Wake.INTERRUPT) {
            throw interrupted(me, permits);
        }
        return w == Wake.SIGNAL;
    }

    // ------------------------------------------------------------------ releasing

    /**
     * Returns one permit; see {@link #release(int)}.
     *
     * @throws IllegalStateException outside a microthread, from another scheduler, or if the count
     *                               would exceed {@link Integer#MAX_VALUE}
     */
    public void release() {
        release(1);
    }

    /**
     * Adds {@code permits} permits, then hands them to the waiters, oldest first, as long as the
     * oldest one's whole request can be met. Each served waiter goes to the tail of the run queue;
     * the caller keeps running.
     *
     * @param permits how many permits to add
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException    outside a microthread, from another scheduler, or if the
     *                                  count would exceed {@link Integer#MAX_VALUE}
     */
    public void release(int permits) {
        checkCount("release", permits);
        confinement.enter(this, "Semaphore.release");
        int p = this.permits;
        if (p + permits < p) {
            throw new IllegalStateException("Semaphore.release(" + permits + ") would raise the count of " + this
                    + " beyond Integer.MAX_VALUE; release only permits that were acquired");
        }
        this.permits = p + permits;
        serveWaiters();
    }

    // ------------------------------------------------------------------ queries

    /**
     * The number of permits available now. Any thread may ask.
     *
     * @return the permits not yet handed out (negative if the semaphore was created negative)
     */
    public int availablePermits() {
        return permits;
    }

    /** {@code Semaphore@1b6d3586[permits = 2, 3 waiting]}. */
    @Override
    public String toString() {
        return Names.identity(this) + "[permits = " + permits + ", " + waiters.size() + " waiting]";
    }

    // ------------------------------------------------------------------ internals

    private static void checkCount(String operation, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("Semaphore." + operation + "(" + permits
                    + "): the number of permits must not be negative");
        }
    }

    private boolean tryTake(int n) {
        if (waiters.isEmpty() && permits >= n) {
            permits -= n;
            return true;
        }
        return false;
    }

    /** Queues the caller for {@code n} permits and parks; on SIGNAL the permits are its own. */
    private Wake waitFor(Fiber me, final int n, boolean interruptible, long deadline) {
        Waiter w = new Waiter(me, n);
        waiters.add(w);
        Wake wake = me.park(new Object() {
            @Override
            public String toString() {
                return "acquire of " + n + " permit(s) of " + Semaphore.this;
            }
        }, w, interruptible, deadline);
        if (wake != Wake.SIGNAL) {
            // it left the queue: the waiters behind it may be served now
            serveWaiters();
        }
        return wake;
    }

    private void serveWaiters() {
        Waiter w;
        while ((w = waiters.peek()) != null && w.wanted <= permits) {
            waiters.poll();
            permits -= w.wanted;
            w.fiber.unpark(Wake.SIGNAL);
        }
    }

    private InterruptedException interrupted(Fiber me, int n) {
        me.consumeInterrupt();
        return new InterruptedException("interrupted while waiting for " + n + " permit(s) of " + Names.identity(this));
    }
}
