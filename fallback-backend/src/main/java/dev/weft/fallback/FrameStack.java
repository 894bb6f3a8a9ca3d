package dev.weft.fallback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p>Fast-path protocol (the weaver's contract, see {@code dev.weft.fallback.weaver.MethodRewriter}).
 * Woven code on its fast path reads and writes ints only: a reference store into a long-lived
 * stack would pay the garbage collector's write barrier on every call.
 * <ul>
 *   <li>{@link #expect}: before a suspendable call a woven frame stores the callee's
 *       {@link #token} (of {@code name + descriptor}); the callee's prologue compares it and
 *       clears it. A mismatch means the callee was entered from a frame that is not a woven
 *       suspension point (an unwoven class, a constructor, a synchronized block), or that it is
 *       being resumed: a resume re-issues each call with the token's {@link #RESUMING} bit set,
 *       and the callee then jumps to its resume point. Tokens without that bit are even, so the
 *       two never meet.</li>
 *   <li>{@link #barrier}: non-null while such an improperly entered woven frame is live; it names
 *       that frame ({@link #enterImproperly}, {@link #leaveImproperly}). {@link Continuation#suspend()}
 *       refuses to suspend under a barrier.</li>
 *   <li>After a suspendable call a woven frame tests {@code expect != 0}: zero after any call
 *       into woven code that returned normally; {@link #CAPTURING} while a suspension unwinds the
 *       woven frames; a stale token if the callee was not woven. {@link #returned} tells these
 *       apart.</li>
 *   <li>{@link #capturing}: set by {@code suspend()} (with {@code expect = CAPTURING}).</li>
 *   <li>{@link #restoring}: set by {@link Continuation#run()} when resuming, cleared by
 *       {@code suspend()} when the resumed chain reaches it again.</li>
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
     * The stack the last lookup found, whose {@link #thread} says on which thread it is current:
     * one read and one comparison with the intrinsic {@code Thread.currentThread()} instead of a
     * ThreadLocal lookup, on every woven method entry. Only a thread installing or looking up a
     * stack writes it; a racy read by another thread sees a stack whose {@code thread} is not
     * that reader (a thread sees its own last write to {@code thread}, and other threads only
     * write another thread or null there), so it misses and asks the ThreadLocal.
     */
    private static FrameStack last = new FrameStack(null);

    /** The thread on which this stack is current, or null (see {@link #last}). */
    private Thread thread;

    /** The bit a resume sets in a token (see class comment). */
    public static final int RESUMING = 1;
    /** {@link #expect} while a capture unwinds (odd: never a callee's token). */
    public static final int CAPTURING = -1;
    /** What {@link #enterImproperly} returns when there was no barrier (never a frame's name). */
    private static final String NO_BARRIER = new String("no barrier");

    /**
     * The token of a method {@code nameAndDescriptor} (e.g. {@code "run()V"}): even and non-zero.
     * The weaver computes it at weave time; the run time for {@link Continuation}'s own calls.
     * Distinct methods may share a token; that only weakens the check for an improper entry
     * between those two names, never a proper call.
     */
    public static int token(String nameAndDescriptor) {
        int t = nameAndDescriptor.hashCode() & ~RESUMING;
        return t == 0 ? 2 : t;
    }

        /** Token of the woven call in progress (see class comment); written and read by woven code. */
    public int expect;
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

    /** Every primitive: int-likes and floats as one int each (floats by their bits), longs and doubles as two. */
    private int[] ints = NO_INTS;
    private int intTop;
    private Object[] refs = NO_REFS;
    private int refTop;
    // Each captured frame pushes, last of all, its site (see site()) onto refs: read only for
    // the stack trace of a suspended continuation, dropped first when the frame is restored.

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
        Thread t = Thread.currentThread();
        b[a.length] = new Carrier(t);
        carriers = b;
        release(last, t); // the thread's stack is now its carrier's, no longer its ThreadLocal's
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
                release(a[i].outside, t);
                if (a[i].current != null) {
                    release(a[i].current, t);
                }
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
        FrameStack l = last;
        if (l.thread == t) {
            return l;
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
        s.thread = t;
        last = s;
        return s;
    }

    /** Makes {@code s} (null: none) the calling thread's stack; returns the previous one (may be null). */
    static FrameStack install(FrameStack s) {
        Thread t = Thread.currentThread();
        Carrier c = carrierOf(t);
        FrameStack previous;
        FrameStack now;
        if (c != null) {
            previous = c.current;
            c.current = s;
            release(previous != null ? previous : c.outside, t);
            now = s != null ? s : c.outside;
        } else {
            previous = CURRENT.get();
            if (previous != null) {
                release(previous, t);
            }
            if (s == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(s);
            }
            now = s;
        }
        if (now != null) {
            now.thread = t;
            last = now;
        }
        return previous;
    }

    /** {@code s} stops being current on {@code t} (it may be installed on another thread later). */
    private static void release(FrameStack s, Thread t) {
        if (s.thread == t) {
            s.thread = null;
        }
    }

    /**
     * Called by the prologue of a woven method entered without its token: the method is not
     * at a woven suspension point of its caller. Sets the barrier to {@code method} and returns
     * what {@link #leaveImproperly} needs to put back (never null).
     */
    public static String enterImproperly(FrameStack s, String method) {
        String previous = s.barrier;
        s.barrier = method;
        return previous == null ? NO_BARRIER : previous;
    }

    /** The improperly entered frame returns or throws: the barrier is what it was before. */
    public static void leaveImproperly(FrameStack s, String saved) {
        s.barrier = saved == NO_BARRIER ? null : saved;
    }

    /**
     * Called after a suspendable call that left {@link #expect} non-zero: true if a capture is
     * unwinding (the caller must save itself and return); otherwise the callee was not woven and
     * did not consume its token, which is cleared so that a later improper entry cannot match it.
     */
    public static boolean returned(FrameStack s) {
        if (s.capturing) {
            return true;
        }
        s.expect = 0;
        return false;
    }

    // Pushes are static with the stack last, so woven code can push a value already on its
    // operand stack (including a long or double) without reordering it.

    public static void pushInt(int v, FrameStack s) {
        if (s.intTop == s.ints.length) {
            s.ints = Arrays.copyOf(s.ints, grown(s.ints.length));
        }
        s.ints[s.intTop++] = v;
    }

    /** A long as two ints, high half first (one array for all primitives: fewer objects per parked strand). */
    public static void pushLong(long v, FrameStack s) {
        if (s.intTop + 2 > s.ints.length) {
            s.ints = Arrays.copyOf(s.ints, Math.max(grown(s.ints.length), s.intTop + 2));
        }
        s.ints[s.intTop++] = (int) (v >>> 32);
        s.ints[s.intTop++] = (int) v;
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
    }

    public int popInt() {
        return ints[--intTop];
    }

    public long popLong() {
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

    /**
     * Number of saved values of all kinds, a long or double counting twice and a frame's site
     * not at all (tests use it to check that nothing is saved needlessly).
     */
    int savedValues() {
        return intTop + refTop - capturedSites().size();
    }

    /**
     * The constant a woven capture records for its frame: class, method, source file and line of
     * the suspended call, and how many references the frame saved before it, one per line (none
     * of them can contain a line break).
     */
    public static String site(String className, String method, String sourceFile, int line, int savedReferences) {
        return className + '\n' + method + '\n' + (sourceFile == null ? "" : sourceFile) + '\n' + line + '\n'
                + savedReferences;
    }

    /** Pushes a captured frame's site: the last thing its capture saves. */
    public static void pushSite(String site, FrameStack s) {
        pushObject(site, s);
    }

    /** Drops the site of the frame being restored: the first thing its restore does. */
    public void dropSite() {
        refs[--refTop] = null;
    }

    /** The sites of the saved frames, outermost first (each found below the next by its count of references). */
    private List<String> capturedSites() {
        List<String> found = new ArrayList<>();
        for (int top = refTop; top > 0; ) {
            String site = (String) refs[top - 1];
            found.add(site);
            top -= 1 + Integer.parseInt(site.substring(site.lastIndexOf('\n') + 1));
        }
        return found;
    }

    /** The saved frames as a stack trace, innermost first; empty unless suspended. */
    StackTraceElement[] stackTrace() {
        List<String> sites = capturedSites();
        StackTraceElement[] trace = new StackTraceElement[sites.size()];
        for (int i = 0; i < trace.length; i++) {
            String[] p = sites.get(trace.length - 1 - i).split("\n", -1);
            trace[i] = new StackTraceElement(p[0], p[1], p[2].isEmpty() ? null : p[2], Integer.parseInt(p[3]));
        }
        return trace;
    }

    void clear() {
        Arrays.fill(refs, 0, refTop, null);
        intTop = refTop = 0;
        capturing = false;
        restoring = false;
        expect = 0;
        barrier = null;
        pending = null;
    }
}
