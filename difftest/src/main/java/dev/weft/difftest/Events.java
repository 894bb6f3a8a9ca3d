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

    private Events() {
    }

    /** {@code 12ms}, or {@code 12.000345ms} when the time is not a whole millisecond. */
    static String millis(long nanos) {
        long ms = nanos / 1_000_000L;
        long rest = nanos % 1_000_000L;
        return rest == 0 ? ms + "ms" : ms + "." + String.format("%06d", rest) + "ms";
    }

    /**
     * The frames of a stack exactly as {@code Microthread.getStackTrace()} returns them, innermost
     * first, as {@code Class.method:line} joined by {@code " < "} ({@code dev.weft.difftest.} left
     * out of class names); {@code []} if there are none. Nothing is masked: weft promises the same
     * frames on both backends (its machinery dropped, the stack ending at the microthread's body).
     *
     * <p>What this cannot see: the fallback agent weaves this module's classes and weft's API for
     * the whole JVM, so loom runs the woven classes too, and a frame the weaver adds (such as the
     * {@code weft$ref$N} forwarder of a method reference to another class, which has no line
     * number) shows on both backends alike.
     */
    static String stack(StackTraceElement[] frames) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : frames) {
            String c = f.getClassName();
            out.add((c.startsWith("dev.weft.difftest.") ? c.substring("dev.weft.difftest.".length()) : c)
                    + '.' + f.getMethodName() + ':' + f.getLineNumber());
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
     * name in a scheduler's description replaced: they differ between runs, or name the backend
     * by design. The stacks a deadlock report lists are kept as they are, every frame.
     */
    public static String normalize(String text) {
        String s = String.join("|", text.split("\n", -1));
        s = IDENTITY_HASH.matcher(s).replaceAll("@H");
        s = ID.matcher(s).replaceAll("#N");
        s = COROUTINE_ID.matcher(s).replaceAll("$1-N");
        return BACKEND.matcher(s).replaceAll("(BACKEND, ");
    }
}
