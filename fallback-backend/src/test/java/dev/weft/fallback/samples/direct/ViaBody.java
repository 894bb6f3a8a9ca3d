package dev.weft.fallback.samples.direct;

import dev.weft.fallback.testing.Events;

/** A continuation's body: records what {@code via.depth(n)} (or {@code via.viaHelpers(n)}) returns. */
public class ViaBody implements Runnable {
    private final Via via;
    private final int n;
    private final boolean helpers;

    public ViaBody(Via via, int n, boolean helpers) {
        this.via = via;
        this.n = n;
        this.helpers = helpers;
    }

    @Override
    public void run() {
        Events.add(helpers ? via.viaHelpers(n) : via.depth(n));
    }
}
