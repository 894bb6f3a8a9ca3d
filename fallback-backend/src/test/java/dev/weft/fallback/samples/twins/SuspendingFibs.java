package dev.weft.fallback.samples.twins;

import dev.weft.fallback.Continuation;
import dev.weft.fallback.testing.Events;

/** Overrides fib to suspend at each fib(1): Fibs.fib, called on it, must take its woven path. */
public class SuspendingFibs extends Fibs {
    @Override
    public int fib(int n) {
        if (n == 1) {
            Events.add("suspend");
            Continuation.suspend();
        }
        return super.fib(n);
    }
}
