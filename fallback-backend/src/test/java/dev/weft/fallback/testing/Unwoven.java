package dev.weft.fallback.testing;

/** Library code that is never woven. */
public final class Unwoven {
    private Unwoven() {
    }

    /** Throws, leaving whatever token its woven caller set for it. */
    public static void u() {
        throw new IllegalArgumentException("from unwoven code");
    }
}
