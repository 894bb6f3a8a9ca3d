package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/** Removes the frames of weft's machinery from the stacks users see. */
public final class StackTraces {
    private StackTraces() {
    }

    /**
     * The frames a user cares about, innermost first: the frames of weft's core, its backends and
     * the JDK's parking and continuation machinery are dropped wherever they are (a stack that
     * runs through a coroutine's resume has them in the middle, and they differ by backend), and
     * the stack ends at the microthread's body: the strand entry ({@code Fiber.run})
     * and everything below it (on the fallback backend, the carrier thread's own frames) are
     * dropped, as are the API frames that start a strand just above it.
     */
    public static StackTraceElement[] userFrames(StackTraceElement[] raw) {
        int end = raw.length;
        for (int j = 0; j < raw.length; j++) {
            if (raw[j].getClassName().equals(Fiber.class.getName()) && raw[j].getMethodName().equals("run")) {
                end = j;
                break;
            }
        }
        List<StackTraceElement> out = new ArrayList<StackTraceElement>(end);
        for (int i = 0; i < end; i++) {
            // weft$... methods are the fallback weaver's forwarders (a method reference to another class)
            if (!isMachinery(raw[i].getClassName()) && !raw[i].getMethodName().startsWith("weft$")) {
                out.add(raw[i]);
            }
        }
        // the bottom frames that start a strand are machinery too
        while (!out.isEmpty() && isStarter(out.get(out.size() - 1).getClassName())) {
            out.remove(out.size() - 1);
        }
        return out.toArray(new StackTraceElement[0]);
    }

    static boolean isMachinery(String c) {
        return c.startsWith("dev.weft.internal.")
                || c.startsWith("dev.weft.loom.")
                || c.startsWith("dev.weft.fallback.")
                || c.startsWith("java.lang.VirtualThread")
                || c.equals("java.lang.Thread")
                || c.startsWith("java.lang.Thread$")
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
