package dev.weft.fallback.testing;

import dev.weft.fallback.Continuation;
import java.util.ArrayList;
import java.util.List;

/** Runs a woven body as a strand would: run, and after each suspension log "~" and resume. */
public final class Driver {
    private Driver() {
    }

    /** Runs {@code body} to its end; the events, with "~" at each suspension. */
    public static List<String> runToEnd(Runnable body) {
        Events.take();
        Continuation c = new Continuation(body);
        List<String> all = new ArrayList<>();
        int guard = 0;
        while (c.run()) {
            all.addAll(Events.take());
            all.add("~");
            if (++guard > 10_000) {
                throw new AssertionError("does not end");
            }
        }
        all.addAll(Events.take());
        return all;
    }
}
