package dev.weft.internal;

import java.time.Duration;

/** Duration arithmetic shared by the public API. */
public final class Durations {
    private Durations() {
    }

    /** The duration in nanoseconds, saturated to the long range. */
    public static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
