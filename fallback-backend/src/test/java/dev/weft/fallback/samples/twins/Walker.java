package dev.weft.fallback.samples.twins;

import dev.weft.fallback.testing.Events;

/** A continuation body: each recursion of Walk, suspending at its bottom, each result logged. */
public class Walker implements Runnable {
    @Override
    public void run() {
        Events.add(new Deep().down(2, true));
        Events.add(Walk.sum(3, true));
        Events.add(new Walk().countFrom(2, true));
        Events.add(new Loud().halve(8, true));
    }
}
