package dev.weft.fallback.samples.linked;

/** A static method of another class between two hops, and a package-private one. */
public final class Relay {
    Relay() {
    }

    public static String relay(Hop next, int n) {
        return next.hop(n);
    }

    /** Package-private: a call of it is left to the JVM's selection (the call as written). */
    String quiet(Hop next, int n) {
        return next.hop(n);
    }
}
