package dev.weft.fallback.samples.twins;

import dev.weft.fallback.testing.Events;

/** A continuation body: a pure recursion, then one whose overrides suspend, then the pure one again. */
public class FibsBody implements Runnable {
    @Override
    public void run() {
        Events.add("fib(15) = " + new Fibs().fib(15));
        Events.add("suspending fib(5) = " + new SuspendingFibs().fib(5));
        Events.add("fib(10) = " + new Fibs().fib(10));
    }
}
