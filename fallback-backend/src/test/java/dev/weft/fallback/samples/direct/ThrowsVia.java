package dev.weft.fallback.samples.direct;

import dev.weft.fallback.Continuation;
import dev.weft.fallback.testing.Events;

/**
 * A frame resumed in the woven method after its capture in a direct twin throws after the resume:
 * the caller's handler, around the call, catches it (the call a resume re-issues is within it).
 */
public class ThrowsVia implements Runnable {
    private final ThrowsVia next = this;

    int failAfterSuspending(int n) {
        if (n == 0) {
            Continuation.suspend();
            throw new IllegalStateException("after resume");
        }
        return next.failAfterSuspending(n - 1) + 1;
    }

    @Override
    public void run() {
        try {
            Events.add("result " + next.failAfterSuspending(3));
        } catch (IllegalStateException e) {
            Events.add("caught " + e.getMessage());
        }
    }
}
