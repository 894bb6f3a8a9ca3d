package dev.weft.loom;

import dev.weft.spi.Strand;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A coroutine's strand: a bare {@code jdk.internal.vm.Continuation}, run nested inside the
 * virtual thread of the microthread that resumes it (see {@code Carrier.nestsStrands}). A
 * resume is {@code Continuation.run()} and a yield is {@code Continuation.yield(scope)}: no
 * virtual thread is parked or scheduled, and the body runs on its resumer's thread, with its
 * resumer's thread-locals.
 *
 * <p>Each strand has a scope of its own, so that a yield suspends exactly this continuation. A
 * body that blocks on something outside weft (a JDK lock) parks the virtual thread through this
 * continuation; the JDK supports that.
 */
final class LoomCoroutineStrand extends Strand {
    private final ContinuationScope scope;
    private final Continuation continuation;

    LoomCoroutineStrand(Runnable body, String name) {
        this.scope = new ContinuationScope(name);
        this.continuation = new Continuation(scope, body) {
            @Override
            protected void onPinned(Continuation.Pinned reason) {
                throw Pins.error("a coroutine tried to yield (" + reason + ")");
            }
        };
    }

    @Override
    public void run() {
        continuation.run();
    }

    @Override
    public void suspend() {
        Continuation.yield(scope);
    }

    @Override
    public boolean isDone() {
        return continuation.isDone();
    }

    @Override
    public StackTraceElement[] stackTrace() {
        return continuation.isDone() ? new StackTraceElement[0] : continuation.getStackTrace();
    }

    /** Nothing to release: an abandoned continuation is garbage once unreferenced. */
    @Override
    public void discard() {
    }

    @Override
    public String toString() {
        return "loom coroutine strand " + scope.getName();
    }
}
