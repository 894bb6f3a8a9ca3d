package dev.weft.fallback;

import java.util.Arrays;

/**
 * The saved frames of one {@link Continuation}, and the few flags woven code reads on its fast
 * path. Public only because woven code in any package calls it: not an API.
 *
 * <h2>Implementation notes</h2>
 * Saved values live in two LIFO arrays, one of ints (every primitive: floats by their bits, longs
 * and doubles as two ints) and one of references, so no primitive is boxed and a parked strand
 * holds at most two arrays of saved values. A woven frame that captures pushes, in order: the operand-stack values
 * below the suspending call (top first), its locals (lowest slot first), then its resume index
 * (an int). Restoring pops in the exact reverse order: the index first (to pick the resume
 * point), then the locals, then the stack values. Frames are captured innermost first and
 * restored outermost first, which is again LIFO, so one set of arrays serves the whole chain.
 *
 * <p>Fast-path protocol (the weaver's contract, see {@code dev.weft.fallback.weaver.MethodRewriter}):
 * <ul>
 *   <li>{@link #expect}: before a suspendable call a woven frame stores the callee's token
 *       ({@code name + descriptor}, an interned literal); the callee's prologue compares it by
 *       reference and clears it. A mismatch means the callee was entered from a frame that is
 *       not a woven suspension point (an unwoven class, a constructor, a synchronized block).</li>
 *   <li>{@link #barrier}: non-null while such an improperly entered woven frame is live; it names
 *       that frame. {@link Continuation#suspend()} refuses to suspend under a barrier.</li>
 *   <li>{@link #capturing}: set by {@code suspend()}; after each suspendable call a woven frame
 *       tests it and, if set, saves itself and returns.</li>
 *   <li>{@link #restoring}: set by {@link Continuation#run()} when resuming; a woven frame's
 *       prologue tests it and jumps to its resume point; {@code suspend()} clears it.</li>
 * </ul>
 */
public final class FrameStack {
    /**
     * The running continuation's stack, or the thread's "outside any continuation" stack (made on
     * first use), or nothing. No initial value: {@link #install} on a thread-local map that a
     * strand has just put on its carrier must not leave an object behind in that map.
     */
    private static final ThreadLocal<FrameStack> CURRENT = new ThreadLocal<FrameStack>();

    /**
     * The last thread that looked up its stack, with that stack: one read and one comparison
     * with the intrinsic {@code Thread.currentThread()} instead of a ThreadLocal lookup, on every
     * woven method entry. Immutable, so a racy read sees a consistent pair; with several threads
     * running woven code it is just replaced often and the ThreadLocal answers.
     */
    private static final class Last {
        final Thread thread;
        final FrameStack stack;

        Last(Thread thread, FrameStack stack) {
            this.thread = thread;
            this.stack = stack;
        }
    }

    private static final Last NONE = new Last(null, null);
    private static volatile Last last = NONE;

    /** Token of the woven call in progress (see class comment); written and read by woven code. */
    public String expect;
    /** Non-null while a woven frame entered from a non-suspendable site is live; names it. */
    public String barrier;
    /** A suspension is unwinding the woven frames. */
    public boolean capturing;
    /** A resume is re-entering the woven frames. */
    public boolean restoring;

    final Continuation owner;

    /** Thrown by suspend() when the resume completes, instead of returning (resumeThrowing). */
    Throwable pending;

    // Empty until first used, grown by doubling, and trimmed to size when a capture ends
    // (trimCaptured): a parked microthread keeps only what it saved, and one that suspends at
    // the same place again refills the same arrays without allocating.
    private static final int[] NO_INTS = new int[0];
    private static final Object[] NO_REFS = new Object[0];
    private static final String[] NO_SITES = new String[0];

    /** Every primitive: int-likes and floats as one int each (floats by their bits), longs and doubles as two. */
    private int[] ints = NO_INTS;
    private int intTop;
    /** Primitives saved, counting a long or double once (for {@link #savedValues}). */
    private int primitives;
    private Object[] refs = NO_REFS;
    private int refTop;
    /**
     * Where each captured frame stopped, innermost first (see {@link #site}); written by captures,
     * read only for stack traces of a suspended continuation, dropped when it resumes.
     */
    private String[] sites = NO_SITES;
    private int siteTop;

    FrameStack(Continuation owner) {
        this.owner = owner;
    }

    /**
     * A carrier thread of a fallback scheduler. Its current stack is kept here rather than in a
     * {@code ThreadLocal}: the carrier's thread-local map is swapped for each strand's own, and
     * a lookup through it would create a map in every strand that never uses a thread-local
     * (about 140 bytes per parked microthread).
     */
    private static final class Carrier {
        final Thread thread;
        final FrameStack outside = new FrameStack(null);
        FrameStack current;

        Carrier(Thread thread) {
            this.thread = thread;
        }
    }

    /** Registered carriers (copy on write; few: one per running fallback scheduler). */
    private static volatile Carrier[] carriers = new Carrier[0];

    /** The calling thread runs a fallback scheduler's loop from now until {@link #unregisterCarrier}. */
    static synchronized void registerCarrier() {
        Carrier[] a = carriers;
        Carrier[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = new Carrier(Thread.currentThread());
        carriers = b;
        last = NONE;
    }

    static synchronized void unregisterCarrier() {
        Thread t = Thread.currentThread();
        Carrier[] a = carriers;
        for (int i = 0; i < a.length; i++) {
            if (a[i].thread == t) {
                Carrier[] b = new Carrier[a.length - 1];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                carriers = b;
                last = NONE;
                return;
            }
        }
    }

    private static Carrier carrierOf(Thread t) {
        for (Carrier c : carriers) {
            if (c.thread == t) {
                return c;
            }
        }
        return null;
    }

    /** The frame stack of the continuation running on this thread (never null). */
    public static FrameStack current() {
        Thread t = Thread.currentThread();
        Last l = last;
        if (l.thread == t) {
            return l.stack;
        }
        FrameStack s;
        Carrier c = carrierOf(t);
        if (c != null) {
            s = c.current != null ? c.current : c.outside;
        } else {
            s = CURRENT.get();
            if (s == null) {
                s = new FrameStack(null);
                CURRENT.set(s);
            }
        }
        last = new Last(t, s);
        return s;
    }

    /** Makes {@code s} (null: none) the calling thread's stack; returns the previous one (may be null). */
    static FrameStack install(FrameStack s) {
        Thread t = Thread.currentThread();
        Carrier c = carrierOf(t);
        FrameStack previous;
        if (c != null) {
            previous = c.current;
            c.current = s;
            last = new Last(t, s != null ? s : c.outside);
            return previous;
        }
        previous = CURRENT.get();
        if (s == null) {
            CURRENT.remove();
            last = NONE;
        } else {
            CURRENT.set(s);
            last = new Last(t, s);
        }
        return previous;
    }

    // Pushes are static with the stack last, so woven code can push a value already on its
    // operand stack (including a long or double) without reordering it.

    public static void pushInt(int v, FrameStack s) {
        if (s.intTop == s.ints.length) {
            s.ints = Arrays.copyOf(s.ints, grown(s.ints.length));
        }
        s.ints[s.intTop++] = v;
        s.primitives++;
    }

    /** A long as two ints, high half first (one array for all primitives: fewer objects per parked strand). */
    public static void pushLong(long v, FrameStack s) {
        if (s.intTop + 2 > s.ints.length) {
            s.ints = Arrays.copyOf(s.ints, Math.max(grown(s.ints.length), s.intTop + 2));
        }
        s.ints[s.intTop++] = (int) (v >>> 32);
        s.ints[s.intTop++] = (int) v;
        s.primitives++;
    }

    public static void pushFloat(float v, FrameStack s) {
        pushInt(Float.floatToRawIntBits(v), s);
    }

    public static void pushDouble(double v, FrameStack s) {
        pushLong(Double.doubleToRawLongBits(v), s);
    }

    public static void pushObject(Object v, FrameStack s) {
        if (s.refTop == s.refs.length) {
            s.refs = Arrays.copyOf(s.refs, grown(s.refs.length));
        }
        s.refs[s.refTop++] = v;
    }

    private static int grown(int length) {
        return length == 0 ? 4 : length * 2;
    }

    /** A capture has ended: shrink each array to what it holds (see the fields' comment). */
    void trimCaptured() {
        if (ints.length != intTop) {
            ints = Arrays.copyOf(ints, intTop);
        }
        if (refs.length != refTop) {
            refs = Arrays.copyOf(refs, refTop);
        }
        if (sites.length != siteTop) {
            sites = Arrays.copyOf(sites, siteTop);
        }
    }

    public int popInt() {
        primitives--;
        return ints[--intTop];
    }

    public long popLong() {
        primitives--;
        int low = ints[--intTop];
        int high = ints[--intTop];
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }

    public float popFloat() {
        return Float.intBitsToFloat(popInt());
    }

    public double popDouble() {
        return Double.longBitsToDouble(popLong());
    }

    public Object popObject() {
        Object v = refs[--refTop];
        refs[refTop] = null; // do not keep a resumed frame's objects alive
        return v;
    }

    /** Called by woven code whose resume index is out of range: the saved frames do not belong to it. */
    public static IllegalStateException corrupt(String method) {
        return new IllegalStateException("weft: the saved frames do not match " + method
                + " while resuming; was the class re-woven or replaced after the continuation suspended?");
    }

    /** Number of saved values of all kinds (tests use it to check that nothing is saved needlessly). */
    int savedValues() {
        return primitives + refTop;
    }

    /**
     * The constant a woven capture records for its frame: class, method, source file and line of
     * the suspended call, one per line (none of them can contain a line break).
     */
    public static String site(String className, String method, String sourceFile, int line) {
        return className + '\n' + method + '\n' + (sourceFile == null ? "" : sourceFile) + '\n' + line;
    }

    public static void pushSite(String site, FrameStack s) {
        if (s.siteTop == s.sites.length) {
            s.sites = Arrays.copyOf(s.sites, grown(s.sites.length));
        }
        s.sites[s.siteTop++] = site;
    }

    /** The saved frames as a stack trace, innermost first; empty unless suspended. */
    StackTraceElement[] stackTrace() {
        StackTraceElement[] trace = new StackTraceElement[siteTop];
        for (int i = 0; i < siteTop; i++) {
            String[] p = sites[i].split("\n", -1);
            trace[i] = new StackTraceElement(p[0], p[1], p[2].isEmpty() ? null : p[2], Integer.parseInt(p[3]));
        }
        return trace;
    }

    /** Forgets the sites of the last capture: called as a resume starts. */
    void clearSites() {
        Arrays.fill(sites, 0, siteTop, null);
        siteTop = 0;
    }

    void clear() {
        clearSites();
        Arrays.fill(refs, 0, refTop, null);
        intTop = primitives = refTop = 0;
        capturing = false;
        restoring = false;
        expect = null;
        barrier = null;
        pending = null;
    }
}
