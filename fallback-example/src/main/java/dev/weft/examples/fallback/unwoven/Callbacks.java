package dev.weft.examples.fallback.unwoven;

/**
 * Left unwoven on purpose: this module's pom.xml excludes the package from weaving. A microthread
 * that suspends inside {@link #call} gets an exception naming this frame.
 */
public final class Callbacks {
    private Callbacks() {
    }

    /** Runs {@code body}: an ordinary frame between a microthread and its suspension. */
    public static void call(Runnable body) {
        body.run();
    }
}
