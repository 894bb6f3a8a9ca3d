package dev.weft.compat.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The events a test records, in order. Microthreads of one scheduler run one at a time, so a
 * plain list is enough; {@link #add} is synchronized only for tests with outside threads.
 */
public final class Trace {
    private final List<String> events = new ArrayList<String>();

    /** Records one event. */
    public synchronized void add(String event) {
        events.add(event);
    }

    /** Records {@code prefix + value}. */
    public void add(String prefix, Object value) {
        add(prefix + value);
    }

    /** A copy of the events so far. */
    public synchronized List<String> events() {
        return Collections.unmodifiableList(new ArrayList<String>(events));
    }

    /** Asserts that exactly these events happened, in this order. */
    public void assertEvents(String... expected) {
        assertEquals(Arrays.asList(expected), events(), "event sequence");
    }

    @Override
    public synchronized String toString() {
        return events.toString();
    }
}
