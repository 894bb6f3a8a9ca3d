package dev.weft.fallback.samples.linked;

import dev.weft.fallback.Continuation;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.FrameDescriptors;
import java.util.ArrayList;
import java.util.List;

/**
 * The bottom of the samples' call chains: what each frame of this package runs, innermost
 * first, as {@code name:kind}, where kind is "W" for a woven method, "D" for a direct twin (a
 * {@code FrameStack} parameter) and "P" for a plain twin (a {@code Twin} parameter).
 */
public final class Trace {
    private Trace() {
    }

    public static String frames() {
        List<String> found = new ArrayList<>();
        for (String f : FrameDescriptors.named(Trace.class.getPackage().getName() + ".")) {
            String name = f.substring(0, f.indexOf('('));
            if (!name.equals("frames") && !name.equals("bottom")) {
                found.add(name + ":" + (f.contains("FrameStack") ? "D" : f.contains("Twin") ? "P" : "W"));
            }
        }
        return String.join(",", found);
    }

    /** The frames, and if {@code suspend}, the frames again after a suspension ("before then after"). */
    public static String bottom(boolean suspend) {
        String before = frames();
        if (!suspend) {
            return before;
        }
        Events.add("suspend");
        Continuation.suspend();
        return before + " then " + frames();
    }
}
