package dev.weft.spi;

/**
 * One suspendable execution: the only thing a backend supplies to the scheduler core.
 *
 * <p>A strand runs a body on its scheduler's carrier thread. The core starts and continues it
 * with {@link #run()}; the body gives the carrier back with {@link #suspend()}. Every rule about
 * <em>when</em> a strand runs (run queue, timers, wait queues, deadlock detection) lives in the
 * core; a strand only knows <em>how</em> to stop and go on.
 *
 * <h2>Protocol</h2>
 * <pre>
 *   core (carrier thread)                 strand body
 *   ---------------------                 -----------
 *   run()  ------------------------------&gt; starts, or returns from suspend()
 *                                          ... runs ...
 *          &lt;------------------------------ suspend()   (or the body ends)
 *   run() returns
 * </pre>
 * <ul>
 *   <li>{@link #run()} is called only by the core, only on the carrier thread, and never while
 *       another strand of the same carrier is running.</li>
 *   <li>{@link #suspend()} is called only from inside this strand's body.</li>
 *   <li>A strand may also stop for reasons the core did not ask for (on loom, a JDK blocking
 *       call such as contended {@code synchronized}); it then reports its wake-up through
 *       {@link CarrierHost#wakeFromOutside(Strand)}, from any thread.</li>
 * </ul>
 */
public abstract class Strand {
    private Object attachment;

    /** Core-owned data (the core's record of the microthread or coroutine this strand runs). */
    public final Object attachment() {
        return attachment;
    }

    /** Set by the core right after creating the strand, before it first runs. */
    public final void attach(Object attachment) {
        this.attachment = attachment;
    }

    /**
     * Runs or continues the body on the calling (carrier) thread until the body calls
     * {@link #suspend()}, ends, or stops outside weft's control. Exceptions thrown by the body
     * are the core's business: the core wraps bodies so that nothing escapes. Called nested
     * (see {@link Carrier#nestsStrands()}), it may throw before running anything, to refuse a
     * resume its backend cannot support there.
     */
    public abstract void run();

    /**
     * Gives the carrier back; returns when the core calls {@link #run()} again.
     *
     * <p>A strand that cannot suspend at this point (on loom, a virtual thread pinned to its
     * carrier by a native frame or class initializer; on fallback, a frame that was not woven)
     * throws an unchecked exception naming the offending frame and the fix, without giving the
     * carrier back. The core then undoes the suspension (the microthread is taken out of the run
     * queue or wait queue it had joined) and the exception reaches the caller of the operation.
     */
    public abstract void suspend();

    /**
     * Throws what {@link #suspend()} would throw if this strand, which is running but not
     * innermost (a coroutine strand runs nested inside it, see {@link Carrier#nestsStrands()}),
     * had to suspend now; does nothing if it could. The core calls it on every enclosing strand
     * before the innermost one suspends for a wait, so that a refusal comes before anything is
     * unwound. The default does nothing.
     */
    public void checkSuspendable() {
    }

    /**
     * Interrupts the body while it is stopped outside weft (loom: in a JDK monitor wait, a JDK
     * lock, sleep or I/O), the way its own thread would be interrupted, so that a blocking JDK
     * call such as {@code Object.wait} ends with its {@code InterruptedException}. Called on the
     * carrier by {@code Microthread.interrupt()}; the microthread's interrupt is then delivered by
     * the JDK instead of by weft. The default does nothing (a backend whose strands never stop
     * outside weft).
     */
    public void interruptOutside() {
    }

    /** Whether the body has ended. */
    public abstract boolean isDone();

    /**
     * The body's stack as it stands now, innermost frame first, with the backend's own frames
     * removed; empty if the strand has not started or has ended.
     */
    public abstract StackTraceElement[] stackTrace();

    /**
     * Releases a strand that will never be run again although its body has not ended (an
     * abandoned coroutine). Must not be called on a running strand.
     */
    public abstract void discard();
}
