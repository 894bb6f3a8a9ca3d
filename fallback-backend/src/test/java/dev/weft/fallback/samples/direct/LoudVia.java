package dev.weft.fallback.samples.direct;

import dev.weft.fallback.Continuation;
import dev.weft.fallback.testing.Events;

/** Overrides depth to suspend at each level: Via.depth, calling it through its field, must make the call as written. */
public class LoudVia extends Via {
    public LoudVia(Via next) {
        super(next, false);
    }

    @Override
    public String depth(int n) {
        Events.add("loud " + n);
        Continuation.suspend();
        return "L" + super.depth(n);
    }
}
