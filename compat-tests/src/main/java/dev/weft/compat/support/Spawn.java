package dev.weft.compat.support;

import dev.weft.CheckedRunnable;
import dev.weft.Microthread;

/** Starts named microthreads whose bodies may throw; an unexpected failure becomes a trace event. */
public final class Spawn {
    private Spawn() {
    }

    /**
     * Starts a microthread named {@code name} running {@code body}. If the body throws, the event
     * {@code "<name> failed: <exception>"} is recorded, so the test's exact trace assertion fails.
     */
    public static Microthread start(final Trace trace, final String name, final CheckedRunnable body) {
        return Microthread.builder().name(name).start(new Runnable() {
            @Override
            public void run() {
                try {
                    body.run();
                } catch (Throwable e) {
                    trace.add(name + " failed: " + e);
                }
            }
        });
    }

    /** Joins each microthread in turn. */
    public static void joinAll(Microthread... threads) throws InterruptedException {
        for (Microthread t : threads) {
            t.join();
        }
    }
}
