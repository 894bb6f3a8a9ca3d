package dev.weft.difftest;

import java.util.regex.Pattern;

/** How events write times and exceptions so that runs on different backends can be compared. */
public final class Events {
    private static final Pattern STACK_LINE = Pattern.compile("\\n\\s+at [^\\n]*");
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
     * {@code SimpleClassName: message (cause SimpleClassName: message)}, with what differs between
     * runs or backends by design replaced: identity hashes ({@code @H}), microthread and other
     * ids ({@code #N}), coroutine and generator numbers, the backend's name in a scheduler's
     * description, and stack-trace lines (deadlock reports list each microthread's stack, whose
     * frames below the program differ between a virtual thread and a woven continuation).
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

    /** {@code text} with run-specific parts replaced, as described at {@link #describe}. */
    public static String normalize(String text) {
        String s = STACK_LINE.matcher(text).replaceAll("");
        s = IDENTITY_HASH.matcher(s).replaceAll("@H");
        s = ID.matcher(s).replaceAll("#N");
        s = COROUTINE_ID.matcher(s).replaceAll("$1-N");
        s = BACKEND.matcher(s).replaceAll("(BACKEND, ");
        return s.replace('\n', '|');
    }
}
