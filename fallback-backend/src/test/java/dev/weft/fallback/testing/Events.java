package dev.weft.fallback.testing;

import java.util.ArrayList;
import java.util.List;

/** What woven sample code did, in order. Loaded by the test class loader, never woven. */
public final class Events {
    private static final List<String> LOG = new ArrayList<>();

    private Events() {
    }

    public static synchronized void add(String event) {
        LOG.add(event);
    }

    /** The events since the last call, then forgets them. */
    public static synchronized List<String> take() {
        List<String> copy = new ArrayList<>(LOG);
        LOG.clear();
        return copy;
    }
}
