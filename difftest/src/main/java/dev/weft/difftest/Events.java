package dev.weft.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** How events write times, stacks and exceptions so that runs on different backends can be compared. */
public final class Events {
    private static final Pattern IDENTITY_HASH = Pattern.compile("@[0-9a-f]+");
    private static final Pattern ID = Pattern.compile("#\\d+");
    private static final Pattern COROUTINE_ID = Pattern.compile("\\b(coroutine|generator)-\\d+");
    private static final Pattern BACKEND = Pattern.compile("\\((loom|fallback), ");
    private static final String STACK_LINE = "at ";

    private Events() {
    }

    /** {@code 12ms}, or {@code 12.000345ms} when the time is not a whole millisecond. */
    static String millis(long nanos) {
        long ms = nanos / 1_000_000L;
        long rest = nanos % 1_000_000L;
        return rest == 0 ? ms + "ms" : ms + "." + String.format("%06d", rest) + "ms";
    }

    /**
     * Whether a frame of class {@code className} is machinery that differs between the backends
     * by design: the JDK's virtual-thread parking and continuation frames, weft's core
     * ({@code dev.weft.internal}) and the backends' own classes. On loom a coroutine body runs in
     * a JDK continuation inside its resumer's virtual thread, on fallback in a woven continuation
     * on the resumer's stack, so the frames between a body and its resumer differ (see
     * KnownDifferenceTest). The program's frames and weft's API frames are never machinery.
     */
    static boolean isMachinery(String className) {
        return className.startsWith("dev.weft.internal.")
                || className.startsWith("dev.weft.loom.")
                || className.startsWith("dev.weft.fallback.")
                || className.startsWith("java.lang.VirtualThread")
                || className.startsWith("java.lang.System$")
                || className.startsWith("jdk.internal.")
                || className.equals("java.util.concurrent.locks.LockSupport");
    }

    /**
     * The frames that are not {@linkplain #isMachinery machinery}, innermost first, as
     * {@code Class.method:line} joined by {@code " < "} ({@code dev.weft.difftest.} left out);
     * {@code []} if none.
     */
    static String stack(StackTraceElement[] frames) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            if (!isMachinery(c)) {
                out.add((c.startsWith("dev.weft.difftest.") ? c.substring("dev.weft.difftest.".length()) : c)
                        + '.' + f.getMethodName() + ':' + f.getLineNumber());
            }
        }
        return out.isEmpty() ? "[]" : String.join(" < ", out);
    }

    /**
     * {@code SimpleClassName: message (cause SimpleClassName: message)}, with what differs between
     * runs or backends by design {@linkplain #normalize replaced}.
     *
     * @param e a throwable, or null (gives {@code "null"})
     */
    public static String describe(Throwable e) {
        if (e == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(normalize(e.getMessage()));
        }
        if (e.getCause() != null && e.getCause() != e) {
            sb.append(" (cause ").append(describe(e.getCause())).append(')');
        }
        return sb.toString();
    }

    /**
     * {@code text} on one line ({@code |} between lines), with identity hashes ({@code @H}),
     * microthread and other ids ({@code #N}), coroutine and generator numbers and the backend's
     * name in a scheduler's description replaced, and the {@linkplain #isMachinery machinery}
     * frames of the stacks a deadlock report lists left out.
     */
    public static String normalize(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith(STACK_LINE)) {
                String frame = t.substring(STACK_LINE.length());
                int slash = frame.indexOf('/');
                int paren = frame.indexOf('(');
                String qualified = slash >= 0 && (paren < 0 || slash < paren) ? frame.substring(slash + 1) : frame;
                int end = qualified.indexOf('(');
                String method = end < 0 ? qualified : qualified.substring(0, end);
                int dot = method.lastIndexOf('.');
                if (dot > 0 && isMachinery(method.substring(0, dot))) {
                    continue;
                }
                t = "  at " + qualified;
            } else {
                t = line;
            }
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(t);
        }
        String s = IDENTITY_HASH.matcher(sb).replaceAll("@H");
        s = ID.matcher(s).replaceAll("#N");
        s = COROUTINE_ID.matcher(s).replaceAll("$1-N");
        return BACKEND.matcher(s).replaceAll("(BACKEND, ");
    }
}
