package dev.weft.compat.sync;

import dev.weft.CheckedRunnable;
import dev.weft.Microthread;
import dev.weft.compat.support.Trace;

/** Starts named microthreads whose unexpected failures become events, so the exact sequence catches them. */
final class Spawn {
    private Spawn() {
    }

    static Microthread start(final Trace trace, final String name, final CheckedRunnable body) {
        return Microthread.builder().name(name).start(new Runnable() {
            @Override
            public void run() {
                try {
                    body.run();
                } catch (Throwable e) {
                    trace.add(name + " threw " + e);
                }
            }
        });
    }
}
