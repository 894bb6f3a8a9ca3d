package dev.weft.fallback;

/**
 * A body of woven code that can stop in the middle ({@link #suspend()}) and go on later
 * ({@link #run()}), on the thread that calls {@code run()}. The fallback backend's strands will be
 * built on it; tests use it directly.
 *
 * <pre>
 *   NEW --run()--&gt; RUNNING --body calls suspend()--&gt; SUSPENDED --run()--&gt; RUNNING
 *                     |                                                       |
 *                     +-----------body returns or throws-----------&gt; DONE &lt;---+
 * </pre>
 *
 * <p>Only woven code can suspend: every frame between {@code run()} and {@code suspend()} must
 * be a woven method called at a suspendable call site, or a pure forwarding frame (a lambda
 * proxy). Otherwise {@code suspend()} throws {@link UnwovenFrameException} naming the frame, and
 * the body goes on running (nothing was unwound).
 */
public final class Continuation {
    // The state is which of these refs is: NEW, RUNNING or DONE, else SUSPENDED (refs then holds
    // the saved references, FrameStack.NO_REFS if none). No state field: a parked microthread
    // owns one continuation, and an int would make it 32 bytes instead of 24.
    private static final Object[] NEW = new Object[0];
    private static final Object[] RUNNING = new Object[0];
    private static final Object[] DONE = new Object[0];

    /** The root token: what a body's {@code run()} (or a lambda implementing it) expects. */
    private static final int RUN_TOKEN = FrameStack.token("run()V");
    private static final int SUSPEND_TOKEN = FrameStack.token("suspend()V");

    /** Whether suspend() also walks the stack (see FrameVerifier). */
    private static volatile boolean verifyFrames = Boolean.getBoolean("weft.fallback.verifyFrames");

    private final Runnable body;
    /** The saved frames while suspended (see {@link FrameStack}); lent to a cursor while running. */
    private int[] ints = FrameStack.NO_INTS;
    private Object[] refs = NEW;

    public Continuation(Runnable body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        this.body = body;
    }

    /**
     * Runs the body from its start, or from where it last suspended, until it suspends again or
     * ends.
     *
     * @return {@code true} if the body suspended (call {@code run()} again to go on),
     *         {@code false} if it ended
     * @throws IllegalStateException if the continuation is running or has ended
     * @throws RuntimeException or {@link Error} thrown by the body (the continuation is then
     *         done); also a checked exception passed to {@link #resumeThrowing} and not caught
     */
    public boolean run() {
        return resume(null);
    }

    /**
     * Resumes a suspended body by throwing {@code t} from the {@link #suspend()} call it is
     * suspended in, so its {@code catch} and {@code finally} blocks run as if that call had
     * thrown (what a coroutine's {@code throwInto} and {@code close} need). {@code t} may be a
     * checked exception; it is thrown as is.
     *
     * @return as {@link #run()}
     * @throws IllegalStateException if the body is not suspended (not started, running or ended)
     */
    public boolean resumeThrowing(Throwable t) {
        if (t == null) {
            throw new NullPointerException("t");
        }
        if (!isSuspended()) {
            throw new IllegalStateException("weft: Continuation.resumeThrowing() needs a suspended continuation; this one "
                    + (refs == NEW ? "has not started" : refs == RUNNING ? "is running" : "has ended"));
        }
        return resume(t);
    }

    private boolean resume(Throwable pending) {
        Object[] saved = refs;
        if (saved == RUNNING) {
            throw new IllegalStateException("weft: Continuation.run() called while the continuation is running");
        }
        if (saved == DONE) {
            throw new IllegalStateException("weft: Continuation.run() called after the body ended");
        }
        FrameStack outer = FrameStack.current();
        FrameStack frames = outer.inner();
        boolean suspended = saved != NEW;
        frames.load(this, ints, suspended ? saved : FrameStack.NO_REFS); // a state marker is never lent
        frames.restoring = suspended;
        frames.pending = pending;
        refs = RUNNING;
        FrameStack.install(frames);
        try {
            frames.expect = frames.restoring ? RUN_TOKEN | FrameStack.RESUMING : RUN_TOKEN;
            body.run();
        } catch (Throwable e) { // also a checked exception thrown in by resumeThrowing
            finish(frames);
            throw e;
        } finally {
            FrameStack.install(outer);
        }
        if (frames.capturing) {
            frames.trimCaptured();
            ints = frames.ints();
            refs = frames.refs(); // never a state marker: see load above
            frames.unload();
            return true;
        }
        boolean incomplete = frames.restoring;
        finish(frames);
        if (incomplete) {
            throw new IllegalStateException("weft: resuming " + body.getClass().getName()
                    + " did not reach its suspension point: the body's run() is not woven");
        }
        return false;
    }

    /** The body has ended (or is abandoned): nothing saved any more; {@code frames} (if it ran on one) is free. */
    private void finish(FrameStack frames) {
        ints = FrameStack.NO_INTS;
        refs = DONE;
        if (frames != null) {
            frames.unload();
        }
    }

    /**
     * Abandons a continuation that will not be resumed: its saved frames are dropped (their
     * {@code finally} blocks do not run; use {@link #resumeThrowing} for that).
     *
     * @throws IllegalStateException if it is running
     */
    public void discard() {
        if (refs == RUNNING) {
            throw new IllegalStateException("weft: Continuation.discard() called while the continuation is running");
        }
        finish(null);
    }

    /**
     * Where the suspended body stopped, innermost frame first: one element per woven frame, at
     * the line of the call it is suspended in (unwoven forwarding frames, such as lambda proxies,
     * do not appear). Empty unless the continuation is suspended.
     */
    public StackTraceElement[] stackTrace() {
        return isSuspended() ? FrameStack.stackTrace(refs) : new StackTraceElement[0];
    }

    /**
     * Throws what {@link #suspend()} would throw if this running continuation's innermost frame
     * asked to suspend now because a frame between its start and here cannot be resumed (the
     * unwoven-frame barrier): for a caller about to suspend a continuation nested inside this one,
     * which then has to suspend too.
     *
     * @throws UnwovenFrameException naming the offending frame
     */
    public void checkSuspendable() {
        if (refs != RUNNING) {
            return;
        }
        // Called on the thread it runs on, from a continuation nested in it (or from itself).
        FrameStack frames = FrameStack.current().runningOutwardFrom(this);
        if (frames != null && frames.barrier != null) {
            throw UnwovenFrameException.at(frames.barrier, new Throwable().getStackTrace(),
                    body.getClass().getClassLoader());
        }
    }

    /** Whether the body is running now (on some thread). */
    public boolean isRunning() {
        return refs == RUNNING;
    }

    /** Whether the body has ended (or was discarded). */
    public boolean isDone() {
        return refs == DONE;
    }

    private boolean isSuspended() {
        Object[] r = refs;
        return r != NEW && r != RUNNING && r != DONE;
    }

    /** Number of values (locals, stack entries, resume indexes) saved by the suspended body. */
    int savedValues() {
        return isSuspended() ? FrameStack.savedValues(ints, refs) : 0;
    }

    /**
     * Suspends the continuation running on this thread; returns when it is resumed. The marker
     * the weaver knows as the one primitive suspension point.
     *
     * @throws IllegalStateException if no continuation runs on this thread
     * @throws UnwovenFrameException if a frame between the continuation's start and this call
     *         cannot be suspended (not woven, a constructor, a static initializer, a synchronized
     *         block); nothing is unwound and the caller goes on
     */
    public static void suspend() {
        FrameStack s = FrameStack.current();
        if (s.restoring) {
            // The chain of woven frames has been rebuilt down to here: the resume is complete.
            s.restoring = false;
            s.expect = 0;
            Throwable t = s.pending;
            if (t != null) {
                s.pending = null;
                throw Continuation.<RuntimeException>sneaky(t);
            }
            return;
        }
        if (s.owner == null) {
            throw new IllegalStateException("weft: Continuation.suspend() called outside any continuation");
        }
        int expected = s.expect;
        s.expect = 0;
        if (expected != SUSPEND_TOKEN || s.barrier != null) {
            throw UnwovenFrameException.at(s.barrier, new Throwable().getStackTrace(), s.owner.loader());
        }
        if (verifyFrames) {
            ClassLoader loader = s.owner.loader();
            StackTraceElement[] stack = new Throwable().getStackTrace();
            int bad = FrameVerifier.firstUnwoven(stack, loader);
            if (bad >= 0) {
                throw UnwovenFrameException.at(bad, stack, loader);
            }
        }
        s.capturing = true;
        s.expect = FrameStack.CAPTURING;
    }

    /** The loader of the body's class, which names the classes in an unwoven-frame report (off the hot path). */
    private ClassLoader loader() {
        return body.getClass().getClassLoader();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** For tests: turns the full stack check on or off (default: {@code -Dweft.fallback.verifyFrames}). */
    static void verifyFrames(boolean on) {
        verifyFrames = on;
    }
}
