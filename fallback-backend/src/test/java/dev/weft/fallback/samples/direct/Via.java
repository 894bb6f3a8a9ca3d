package dev.weft.fallback.samples.direct;

import dev.weft.fallback.Continuation;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.FrameDescriptors;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls within the class that the weaver cannot prove never suspend: a recursion on a field
 * (a subclass may override {@code depth}), a static helper and a private one. At the bottom of
 * the recursion each records the descriptors of the frames named {@code depth}, innermost first,
 * so a test can tell a woven method ({@code (I)Ljava/lang/String;}) from its direct twin (one more
 * parameter, the frame stack) and from its plain twin (one more parameter, {@code Twin}).
 */
public class Via {
    final Via next;
    private final boolean suspend;

    public Via() {
        this(false);
    }

    public Via(boolean suspend) {
        this.next = this;
        this.suspend = suspend;
    }

    /** A Via whose recursion goes through {@code next}, of another class perhaps. */
    public Via(Via next, boolean suspend) {
        this.next = next;
        this.suspend = suspend;
    }

    public String depth(int n) {
        if (n == 0) {
            String before = frames();
            if (suspend) {
                Events.add("suspend");
                Continuation.suspend();
                return before + " then " + frames();
            }
            return before;
        }
        return next.depth(n - 1);
    }

    /** depth(n) through a static and a private helper: exact calls. */
    public String viaHelpers(int n) {
        return twice(this, n) + "|" + once(n);
    }

    static String twice(Via v, int n) {
        return v.once(n);
    }

    private String once(int n) {
        return depth(n);
    }

    /** Descriptors of the frames named depth, innermost first, shortened: "I" for the woven method, "FrameStack" or "Twin". */
    static String frames() {
        List<String> found = new ArrayList<>();
        for (String d : FrameDescriptors.of(Via.class.getName(), "depth")) {
            found.add(d.contains("FrameStack") ? "FrameStack" : d.contains("Twin") ? "Twin" : "I");
        }
        return String.join(",", found);
    }
}
