package dev.weft.fallback.samples.twins;

import dev.weft.fallback.Continuation;
import dev.weft.fallback.FrameStack;

/**
 * Recursions of every kind a twin handles (PlainTwins): virtual ({@link #down}, which a subclass
 * may override, woven or not), static ({@link #sum}), private ({@link #count}) and final
 * ({@link #halve}). Each reaches {@link #pause} at its bottom, so each is woven; {@link #pause}
 * suspends only when asked, so the same code runs on a plain thread and in a continuation.
 * The bottom reports the frame stack's barrier, which only the woven path entered from an
 * unwoven frame sets.
 */
public class Walk {
    public String down(int n, boolean suspend) {
        if (n == 0) {
            return "|" + pause(suspend);
        }
        return tag() + down(n - 1, suspend);
    }

    public String tag() {
        return "w";
    }

    public static String sum(int n, boolean suspend) {
        if (n == 0) {
            return "0" + pause(suspend);
        }
        long wide = n; // a long local: the twin's added parameter moves it one slot up
        String below = sum(n - 1, suspend);
        return (wide + Integer.parseInt(below.substring(0, below.indexOf(' ')))) + below.substring(below.indexOf(' '));
    }

    public String countFrom(int n, boolean suspend) {
        return count(n, suspend);
    }

    private String count(int n, boolean suspend) {
        return n == 0 ? "c" + pause(suspend) : count(n - 1, suspend) + n;
    }

    /** (Its odd-number suffix, never used here, keeps it over C2's inlining limit woven: it gets the full copy.) */
    public final String halve(int n, boolean suspend) {
        return n <= 1 ? "h" + pause(suspend) : halve(n / 2, suspend) + "/" + n + (n % 2 == 0 ? "" : "'" + n + "'");
    }

    /** A virtual recursion whose bottom returns the frames of this package on the stack. */
    public String frames(int n) {
        if (n == 0) {
            pause(false);
            return framesHere();
        }
        return frames(n - 1);
    }

    static String framesHere() {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith(Walk.class.getPackage().getName() + ".")) {
                b.append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(e.getMethodName()).append(':')
                        .append(e.getLineNumber()).append(' ');
            }
        }
        return b.toString().trim();
    }

    /** Suspends if asked; then names the barrier in force (null unless an improperly entered woven frame is live). */
    static String pause(boolean suspend) {
        if (suspend) {
            Continuation.suspend();
        }
        return " barrier=" + FrameStack.current().barrier;
    }
}
