package dev.weft.fallback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cursor woven code works on: the saved frames of the continuation running on one thread at
 * one nesting depth, and the few flags woven code reads on its fast path. Public only because
 * woven code in any package calls it: not an API.
 *
 * <p>Each thread that runs woven code has one cursor outside any continuation and one more per
 * depth of continuations run inside continuations ({@link #inner}); they belong to that thread
 * for good. {@link Continuation#run()} lends its saved arrays to the next cursor in and takes
 * them back, trimmed, when its body suspends: a parked continuation holds two arrays and no
 * cursor.
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
     * The current cursor of a thread that is not a fallback carrier (made on first use). A
     * carrier keeps its cursors in its {@link Carrier} record instead: its thread-local map is
     * swapped for each strand's own.
     */
    private static final ThreadLocal<FrameStack> CURRENT = new ThreadLocal<FrameStack>();

    /** Belongs to no thread: what {@link #last} holds when no thread's cursor may be there. */
    private static final FrameStack NO_THREAD = new FrameStack(null, null, null);

    /**
     * The cursor the last lookup or switch made current, on its {@link #thread}: one read and
     * one comparison with the intrinsic {@code Thread.currentThread()} instead of a lookup, on
     * every woven method entry. A thread writes here only its own current cursor, and reads its
     * own last write or another thread's cursor (which misses), so no fence is needed.
     */
    private static FrameStack last = NO_THREAD;

    /** The thread this cursor belongs to. */
    private final Thread thread;
    /** That thread's carrier record, or null if it is not a fallback carrier. */
    private final Carrier carrier;
    /** The cursor one depth out (null outside any continuation) and the one in (made on first use). */
    private final FrameStack outer;
    private FrameStack inner;

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

    /** The continuation running on this cursor; null outside any continuation. */
    Continuation owner;

    /**
     * Whether no continuation runs on this cursor, so nothing that runs on it can be captured: a
     * woven method entered here runs its unwoven twin (see {@link Twin}).
     */
    public boolean idle() {
        return owner == null;
    }

    /** Thrown by suspend() when the resume completes, instead of returning (resumeThrowing). */
    Throwable pending;

    // The running continuation's own arrays (lent by load, given back by unload): empty until
    // first used, grown by doubling, and trimmed to size when a capture ends (trimCaptured): a
    // parked microthread keeps only what it saved, and one that suspends at the same place
    // again refills the same arrays without allocating.
    static final int[] NO_INTS = new int[0];
    static final Object[] NO_REFS = new Object[0];

    /** Every primitive: int-likes and floats as one int each (floats by their bits), longs and doubles as two. */
    private int[] ints = NO_INTS;
    private int intTop;
    private Object[] refs = NO_REFS;
    private int refTop;
    // Each captured frame pushes, last of all, its site (see site()) onto refs: read only for
    // the stack trace of a suspended continuation, dropped first when the frame is restored.

    private FrameStack(Thread thread, Carrier carrier, FrameStack outer) {
        this.thread = thread;
        this.carrier = carrier;
        this.outer = outer;
    }

    /** The cursor for a continuation run from inside this cursor's (made on first use, then kept). */
    FrameStack inner() {
        FrameStack i = inner;
        if (i == null) {
            i = new FrameStack(thread, carrier, this);
            inner = i;
        }
        return i;
    }

    /** Lends {@code c}'s saved arrays to this cursor, which it is about to run on. */
    void load(Continuation c, int[] savedInts, Object[] savedRefs) {
        owner = c;
        ints = savedInts;
        intTop = savedInts.length;
        refs = savedRefs;
        refTop = savedRefs.length;
    }

    /** Forgets the continuation that ran on this cursor (its arrays were taken back or dropped). */
    void unload() {
        owner = null;
        ints = NO_INTS;
        refs = NO_REFS;
        intTop = refTop = 0;
        capturing = false;
        restoring = false;
        expect = 0;
        barrier = null;
        pending = null;
    }

    int[] ints() {
        return ints;
    }

    Object[] refs() {
        return refs;
    }

    /** The cursor {@code c} runs on, at this cursor's depth or further out on the same thread; null if none. */
    FrameStack runningOutwardFrom(Continuation c) {
        for (FrameStack f = this; f != null; f = f.outer) {
            if (f.owner == c) {
                return f;
            }
        }
        return null;
    }

    /**
     * A carrier thread of a fallback scheduler. Its current stack is kept here rather than in a
     * {@code ThreadLocal}: the carrier's thread-local map is swapped for each strand's own, and
     * a lookup through it would create a map in every strand that never uses a thread-local
     * (about 140 bytes per parked microthread).
     */
    private static final class Carrier {
        final Thread thread;
        final FrameStack outside;
        FrameStack current;

        Carrier(Thread thread) {
            this.thread = thread;
            this.outside = new FrameStack(thread, this, null);
            this.current = outside;
        }
    }

    /** Registered carriers (copy on write; few: one per running fallback scheduler). */
    private static volatile Carrier[] carriers = new Carrier[0];

    /** The calling thread runs a fallback scheduler's loop from now until {@link #unregisterCarrier}. */
    static synchronized void registerCarrier() {
        Carrier[] a = carriers;
        Carrier[] b = Arrays.copyOf(a, a.length + 1);
        Carrier c = new Carrier(Thread.currentThread());
        b[a.length] = c;
        carriers = b;
        last = c.outside; // no longer its ThreadLocal's cursor
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
                last = NO_THREAD; // the next lookup asks the ThreadLocal again
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

    /** The cursor of the continuation running on this thread, or its outermost one (never null). */
    public static FrameStack current() {
        FrameStack l = last;
        return l.thread == Thread.currentThread() ? l : lookUp(); // small enough for the JIT to inline anywhere
    }

    private static FrameStack lookUp() {
        Thread t = Thread.currentThread();
        FrameStack s;
        Carrier c = carrierOf(t);
        if (c != null) {
            s = c.current;
        } else {
            s = CURRENT.get();
            if (s == null) {
                s = new FrameStack(t, null, null);
                CURRENT.set(s);
            }
        }
        last = s;
        return s;
    }

    /** Makes {@code s}, a cursor of the calling thread, its current one. */
    static void install(FrameStack s) {
        if (s.carrier != null) {
            s.carrier.current = s;
        } else {
            CURRENT.set(s);
        }
        last = s;
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
     * A woven frame returns: if it was entered improperly ({@code saved}, what
     * {@link #enterImproperly} returned, is not null), the barrier is what it was before. One
     * call at each return instead of the test and the call (shorter woven code, which C2 inlines
     * more often).
     */
    public static void leave(FrameStack s, String saved) {
        if (saved != null) {
            leaveImproperly(s, saved);
        }
    }

    /**
     * A woven frame ends by an exception: {@link #leave}, and the token is cleared (a call that
     * threw from an unwoven callee, which does not consume its token, must not leave it for a
     * later improper entry to match).
     */
    public static void thrown(FrameStack s, String saved) {
        leave(s, saved);
        s.expect = 0;
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
     * Number of values saved in a parked continuation's arrays, a long or double counting twice
     * and a frame's site not at all (tests use it to check that nothing is saved needlessly).
     */
    static int savedValues(int[] ints, Object[] refs) {
        return ints.length + refs.length - capturedSites(refs, refs.length).size();
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

    /**
     * Pushes a captured frame's site: the last thing its capture saves. A site is a constant, so
     * {@link #dropSite} leaves it in its slot, and a frame captured again at the same place finds
     * it there: no store, and so no garbage collector's write barrier, on that path.
     */
    public static void pushSite(String site, FrameStack s) {
        int top = s.refTop;
        Object[] r = s.refs;
        if (top < r.length && r[top] == site) {
            s.refTop = top + 1;
            return;
        }
        pushObject(site, s);
    }

    /** Drops the site of the frame being restored: the first thing its restore does (see {@link #pushSite}). */
    public void dropSite() {
        refTop--;
    }

    /** The sites of the saved frames, outermost first (each found below the next by its count of references). */
    private static List<String> capturedSites(Object[] refs, int refTop) {
        List<String> found = new ArrayList<>();
        for (int top = refTop; top > 0; ) {
            String site = (String) refs[top - 1];
            found.add(site);
            top -= 1 + Integer.parseInt(site.substring(site.lastIndexOf('\n') + 1));
        }
        return found;
    }

    /** A parked continuation's saved frames as a stack trace, innermost first. */
    static StackTraceElement[] stackTrace(Object[] refs) {
        List<String> sites = capturedSites(refs, refs.length);
        StackTraceElement[] trace = new StackTraceElement[sites.size()];
        for (int i = 0; i < trace.length; i++) {
            String[] p = sites.get(trace.length - 1 - i).split("\n", -1);
            trace[i] = new StackTraceElement(p[0], p[1], p[2].isEmpty() ? null : p[2], Integer.parseInt(p[3]));
        }
        return trace;
    }

}
