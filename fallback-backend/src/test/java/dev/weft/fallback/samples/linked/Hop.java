package dev.weft.fallback.samples.linked;

/** What the samples of this package call each other through: every call is to another class, or may be. */
public interface Hop {
    String hop(int n);

    /** A default method: a call of it selects no method of a class, so it is not linked to a twin. */
    default String viaDefault(int n) {
        return hop(n);
    }
}
