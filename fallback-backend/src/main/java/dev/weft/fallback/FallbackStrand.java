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
    private final CarrierHost host;
    private final Continuation continuation;
    private final String name;
    private final boolean ownLocals;
    /** This strand's ThreadLocal and InheritableThreadLocal maps while it is not running. */
    private Object locals;
    private Object inheritable;

    /**
     * @param ownLocals whether the strand has thread-local values of its own (a microthread's) or
     *        uses those of whoever runs it (a coroutine's, run nested in its resumer)
     */
    FallbackStrand(CarrierHost host, Runnable body, String name, boolean ownLocals) {
        this.host = host;
        this.continuation = new Continuation(body);
        this.name = name;
        this.ownLocals = ownLocals;
        // like a Thread, a microthread inherits the inheritable values of whoever creates it
        this.inheritable = ownLocals ? ThreadLocalMaps.inheritedFromCurrentThread() : null;
    }

    /** Also called nested, from inside another strand's {@code run()}: see {@code Carrier.nestsStrands}. */
    @Override
    public void run() {
        if (!ownLocals) {
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
        locals = null;
        inheritable = null;
    }

    @Override
    public String toString() {
        return "fallback strand " + name;
    }
}
