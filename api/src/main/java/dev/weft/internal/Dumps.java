package dev.weft.internal;

import java.util.List;

/** The texts of {@code Scheduler.dump()}, deadlock reports and stall warnings. */
public final class Dumps {
    private Dumps() {
    }

    /** One entry per live fiber: name, id, state, what it waits on, stack. Carrier only. */
    public static String fibers(SchedulerCore core) {
        StringBuilder sb = new StringBuilder();
        sb.append(core).append(", ").append(core.liveFibers().size()).append(" live microthread(s)\n");
        appendFibers(sb, core.liveFibers());
        return sb.toString();
    }

    static String deadlock(SchedulerCore core) {
        List<Fiber> fibers = core.liveFibers();
        StringBuilder sb = new StringBuilder();
        sb.append("deadlock in ").append(core).append(": ").append(fibers.size())
                .append(" microthread(s) wait and nothing can wake them (nothing runnable, no timer pending,"
                        + " no outside event possible):\n");
        appendFibers(sb, fibers);
        sb.append("Each waiting operation now throws DeadlockException. Fix the wait cycle, give the wait a"
                + " timeout, or close the channel the waiters use.");
        return sb.toString();
    }

    static String stall(SchedulerCore core) {
        StringBuilder sb = new StringBuilder();
        sb.append("no microthread of ").append(core).append(" has run for a while; it accepts outside work, so"
                + " this may be a deadlock or just a long wait:\n");
        appendFibers(sb, core.liveFibers());
        return sb.toString();
    }

    private static void appendFibers(StringBuilder sb, List<Fiber> fibers) {
        for (Fiber f : fibers) {
            sb.append("  \"").append(f.thread.getName()).append("\" #").append(f.id).append(' ')
                    .append(f.jdkState());
            if (f.state == Fiber.OUTSIDE) {
                sb.append(" outside weft (a JDK lock, monitor or blocking call)");
            } else if (f.blocker != null) {
                sb.append(" on ").append(f.blocker);
            }
            sb.append('\n');
            for (StackTraceElement e : f.stackTrace()) {
                sb.append("      at ").append(e).append('\n');
            }
        }
    }
}
