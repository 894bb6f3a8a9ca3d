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

    /** Woven (it calls depth) but longer than C2's inlining limit: no direct twin for other classes. */
    public int big(int n) {
        int s = depth(n).length();
        s = s * 31 + (n ^ 3) - (s >>> 1) + (n % 2) * (s & 5);
        s = s * 31 + (n ^ 10) - (s >>> 2) + (n % 3) * (s & 16);
        s = s * 31 + (n ^ 17) - (s >>> 3) + (n % 4) * (s & 27);
        s = s * 31 + (n ^ 24) - (s >>> 4) + (n % 5) * (s & 38);
        s = s * 31 + (n ^ 31) - (s >>> 5) + (n % 6) * (s & 49);
        s = s * 31 + (n ^ 38) - (s >>> 1) + (n % 7) * (s & 60);
        s = s * 31 + (n ^ 45) - (s >>> 2) + (n % 8) * (s & 71);
        s = s * 31 + (n ^ 52) - (s >>> 3) + (n % 9) * (s & 82);
        s = s * 31 + (n ^ 59) - (s >>> 4) + (n % 10) * (s & 93);
        s = s * 31 + (n ^ 66) - (s >>> 5) + (n % 11) * (s & 104);
        s = s * 31 + (n ^ 73) - (s >>> 1) + (n % 12) * (s & 115);
        s = s * 31 + (n ^ 80) - (s >>> 2) + (n % 13) * (s & 126);
        s = s * 31 + (n ^ 87) - (s >>> 3) + (n % 14) * (s & 137);
        s = s * 31 + (n ^ 94) - (s >>> 4) + (n % 15) * (s & 148);
        s = s * 31 + (n ^ 101) - (s >>> 5) + (n % 16) * (s & 159);
        s = s * 31 + (n ^ 108) - (s >>> 1) + (n % 17) * (s & 170);
        s = s * 31 + (n ^ 115) - (s >>> 2) + (n % 18) * (s & 181);
        s = s * 31 + (n ^ 122) - (s >>> 3) + (n % 19) * (s & 192);
        s = s * 31 + (n ^ 129) - (s >>> 4) + (n % 20) * (s & 203);
        s = s * 31 + (n ^ 136) - (s >>> 5) + (n % 21) * (s & 214);
        s = s * 31 + (n ^ 143) - (s >>> 1) + (n % 22) * (s & 225);
        s = s * 31 + (n ^ 150) - (s >>> 2) + (n % 23) * (s & 236);
        s = s * 31 + (n ^ 157) - (s >>> 3) + (n % 24) * (s & 247);
        s = s * 31 + (n ^ 164) - (s >>> 4) + (n % 25) * (s & 258);
        return s;
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
