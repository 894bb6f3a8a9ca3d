package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/** Removes the frames of weft's machinery from the stacks users see. */
public final class StackTraces {
    private StackTraces() {
    }

    /**
     * The frames a user cares about: the innermost frames that belong to weft's core, a backend
     * or the JDK's parking machinery are dropped, down to the first frame of public weft API
     * (which says what the microthread waits on) or of user code.
     */
    public static StackTraceElement[] userFrames(StackTraceElement[] raw) {
        int i = 0;
        while (i < raw.length && isMachinery(raw[i].getClassName())) {
            i++;
        }
        List<StackTraceElement> out = new ArrayList<StackTraceElement>(raw.length - i);
        for (; i < raw.length; i++) {
            String c = raw[i].getClassName();
            // the bottom frames that start a strand are machinery too
            if (isStarter(c) && allStartersFrom(raw, i)) {
                break;
            }
            out.add(raw[i]);
        }
        return out.toArray(new StackTraceElement[0]);
    }

    private static boolean allStartersFrom(StackTraceElement[] raw, int i) {
        for (int j = i; j < raw.length; j++) {
            if (!isStarter(raw[j].getClassName())) {
                return false;
            }
        }
        return true;
    }

    static boolean isMachinery(String c) {
        return c.startsWith("dev.weft.internal.")
                || c.startsWith("dev.weft.loom.")
                || c.startsWith("dev.weft.fallback.")
                || c.startsWith("java.lang.VirtualThread")
                || c.startsWith("java.lang.Thread")
                || c.startsWith("jdk.internal.")
                || c.startsWith("java.lang.System$")
                || c.equals("java.util.concurrent.locks.LockSupport");
    }

    /** Frames below user code that only start a microthread's body. */
    private static boolean isStarter(String c) {
        return isMachinery(c)
                || c.startsWith("dev.weft.Scheduler")
                || c.equals("dev.weft.Microthread");
    }
}
