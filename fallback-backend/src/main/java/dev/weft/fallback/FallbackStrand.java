package dev.weft.fallback;

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
 * <p>All strands of a scheduler share its carrier thread, so {@link #run()} installs this
 * strand's own thread-local maps on the carrier for the time it runs ({@link ThreadLocalMaps}).
 */
final class FallbackStrand extends Strand {
    private final Continuation continuation;
    private final String name;
    /** This strand's ThreadLocal and InheritableThreadLocal maps while it is not running. */
    private Object locals;
    private Object inheritable;

    FallbackStrand(Runnable body, String name) {
        this.continuation = new Continuation(body);
        this.name = name;
        // like a Thread, a strand inherits the inheritable values of whoever creates it
        this.inheritable = ThreadLocalMaps.inheritedFromCurrentThread();
    }

    @Override
    public void run() {
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
     * Always empty: a suspended fallback strand has no JVM frames, only saved values, and the
     * running one is the carrier's own stack.
     */
    @Override
    public StackTraceElement[] stackTrace() {
        return new StackTraceElement[0];
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
