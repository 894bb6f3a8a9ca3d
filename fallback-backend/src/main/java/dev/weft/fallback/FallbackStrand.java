package dev.weft.fallback;

import dev.weft.spi.CarrierHost;
import dev.weft.spi.Strand;

/**
 * A strand that is a {@link Continuation} of woven code.
 *
 * <p>{@link #suspend()} is a pure forwarding frame: the core calls it at a woven call site whose
 * token is {@code "suspend()V"}, exactly what {@link Continuation#suspend()} expects from its
 * caller, and on resume the core's woven frame calls it again, which lands in
 * {@code Continuation.suspend()} while restoring. It must stay a single call with nothing
 * before or after it.
 *
 * <p>All strands of a scheduler share its carrier thread, so {@link #run()} installs a
 * microthread's own thread-local maps on the carrier for the time it runs
 * ({@link ThreadLocalMaps}). A coroutine's strand, run nested in its resumer's, uses the
 * resumer's, as a coroutine body does on loom.
 */
final class FallbackStrand extends Strand {
    /** What {@link #locals} holds for a strand that uses the thread-local maps of whoever runs it. */
    private static final Object RESUMERS_LOCALS = new Object();

    // No name and no flag of its own: a parked microthread is mostly its records, and each field
    // here is 4 bytes of each (toString asks the attachment; RESUMERS_LOCALS is the flag).
    private final CarrierHost host;
    private final Continuation continuation;
    /**
     * This strand's ThreadLocal and InheritableThreadLocal maps while it is not running, or
     * {@link #RESUMERS_LOCALS} (and null) for a strand that has none of its own.
     */
    private Object locals;
    private Object inheritable;

    /**
     * @param ownLocals whether the strand has thread-local values of its own (a microthread's) or
     *        uses those of whoever runs it (a coroutine's, run nested in its resumer)
     */
    FallbackStrand(CarrierHost host, Runnable body, boolean ownLocals) {
        this.host = host;
        this.continuation = new Continuation(body);
        this.locals = ownLocals ? null : RESUMERS_LOCALS;
        // like a Thread, a microthread inherits the inheritable values of whoever creates it
        this.inheritable = ownLocals ? ThreadLocalMaps.inheritedFromCurrentThread() : null;
    }

    /** Also called nested, from inside another strand's {@code run()}: see {@code Carrier.nestsStrands}. */
    @Override
    public void run() {
        if (locals == RESUMERS_LOCALS) {
            continuation.run();
            return;
        }
        Thread carrier = Thread.currentThread();
        Object carrierLocals = ThreadLocalMaps.locals(carrier);
        Object carrierInheritable = ThreadLocalMaps.inheritable(carrier);
        ThreadLocalMaps.set(carrier, locals, inheritable);
        try {
            continuation.run();
        } finally {
            locals = ThreadLocalMaps.locals(carrier);
            inheritable = ThreadLocalMaps.inheritable(carrier);
            ThreadLocalMaps.set(carrier, carrierLocals, carrierInheritable);
        }
    }

    @Override
    public void suspend() {
        Continuation.suspend();
    }

    @Override
    public boolean isDone() {
        return continuation.isDone();
    }

    /**
     * For a suspended strand, the woven frames it saved, at the lines where they stopped; for the
     * running strand, the carrier's own stack.
     */
    @Override
    public StackTraceElement[] stackTrace() {
        if (continuation.isRunning()) {
            return host.carrierThread().getStackTrace();
        }
        return continuation.stackTrace();
    }

    @Override
    public void checkSuspendable() {
        continuation.checkSuspendable();
    }

    @Override
    public void discard() {
        continuation.discard();
        if (locals != RESUMERS_LOCALS) {
            locals = null;
            inheritable = null;
        }
    }

    @Override
    public String toString() {
        return "fallback strand of " + attachment();
    }
}
