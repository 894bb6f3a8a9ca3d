package dev.weft.loom;

import dev.weft.spi.Strand;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A strand that is a JDK virtual thread: {@link #run()} runs its continuation on the carrier,
 * {@link #suspend()} yields it, which unmounts it and returns the carrier to the core.
 *
 * <h2>Implementation notes</h2>
 * Suspending is {@code Thread.yield()}, not {@code LockSupport.park()}: a yield unmounts the
 * thread and has the JDK resubmit its task to {@link LoomCarrier#execute} at once, on the
 * carrier, so by the time {@link #run()} returns the task is {@link #ready} and the next
 * {@code run()} continues it directly. A park would need an unpark (and its permit and state
 * transitions) before every continue. Nothing but weft runs a yielded thread's task, so a return
 * from the yield is always weft's resume; a stray {@code LockSupport.unpark} or
 * {@code Thread.interrupt} of a yielded thread only leaves its permit or flag set, as on any
 * thread. A yield that cannot unmount (the thread is pinned by a native frame or a class
 * initializer) returns at once without the task being resubmitted: {@link #resumed} is then
 * still false and {@code suspend()} throws, naming the pinning frames, instead of freezing the
 * carrier.
 *
 * <p>The strand is its thread's uncaught-exception handler: that is how {@link LoomCarrier}
 * finds the strand of a task handed over by another thread. The core's body never throws, so the
 * handler only forwards to the thread group, the JDK's default.
 *
 * <p>Fields other threads read ({@link #ready}, {@link #suspended}) are volatile; the carrier's
 * and the thread's own frequent writes use release stores, which cost no fence on the switch
 * path. Every cross-thread hand-over also passes through the JDK's mount/unmount or weft's outside
 * queue, which order them.
 */
final class LoomStrand extends Strand implements Thread.UncaughtExceptionHandler {
    private static final VarHandle READY;
    private static final VarHandle SUSPENDED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READY = l.findVarHandle(LoomStrand.class, "ready", boolean.class);
            SUSPENDED = l.findVarHandle(LoomStrand.class, "suspended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LoomCarrier carrier;
    // Two slots serve two phases, so that a strand is 32 bytes (a million parked microthreads
    // hold a million strands): before the thread exists, the body and the thread's name; after,
    // the thread and (once started) the JDK's continuation task. See thread() and task().
    /** The body; once {@link #created}, the thread; null once the thread has ended. */
    private Object bodyOrThread;
    /** The thread's name; once {@link #created}, null until the first start, then the task. */
    private Object nameOrTask;
    /** Whether the virtual thread exists. */
    private boolean created;
    /** The task was handed to the carrier and has not run since: the thread may continue. */
    volatile boolean ready;
    /** The thread yielded in {@link #suspend()}: weft, not the JDK, decides when it continues. */
    volatile boolean suspended;
    /** Set by the carrier just before it continues the thread, on the carrier thread; {@link #suspend()} checks it. */
    private boolean resumed;

    LoomStrand(LoomCarrier carrier, Runnable body, String name) {
        this.carrier = carrier;
        this.bodyOrThread = body;
        this.nameOrTask = name;
    }

    /** The task was handed to the carrier (a release store: see the class notes). */
    void markReady() {
        READY.setRelease(this, true);
    }

    /** Creates the virtual thread, on the calling thread (which it inherits from); not started. */
    void createThread() {
        Thread t = carrier.newThread((Runnable) bodyOrThread, (String) nameOrTask);
        t.setUncaughtExceptionHandler(this);
        bodyOrThread = t;
        nameOrTask = null;
        created = true;
    }

    /** The virtual thread; null until the strand first runs (or its starter created it), and after it ended. */
    Thread thread() {
        return created ? (Thread) bodyOrThread : null;
    }

    /**
     * Whether {@code t} is this strand's virtual thread. Safe from any thread: it compares
     * references only, and a stale read (the body, or null) does not match.
     */
    boolean runsOn(Thread t) {
        return bodyOrThread == t;
    }

    /** The JDK's continuation task of the thread; null until it first started. */
    Runnable task() {
        return created ? (Runnable) nameOrTask : null;
    }

    /** Records the task the JDK handed over for the first start. */
    void started(Runnable task) {
        nameOrTask = task;
    }

    @Override
    public void run() {
        Runnable task = task();
        if (task == null) {
            if (!created) {
                createThread();
            }
            carrier.starting = this;
            try {
                VirtualThreads.start(thread());
            } finally {
                carrier.starting = null;
            }
            task = task();
        }
        if (!ready || task == null) {
            throw new IllegalStateException("internal: virtual thread " + thread()
                    + " was dispatched but its continuation was not handed to weft's carrier (state "
                    + thread().getState() + ")");
        }
        READY.setRelease(this, false);
        SUSPENDED.setRelease(this, false);
        resumed = true;
        LoomCarrier c = carrier;
        c.running = this;
        try {
            task.run();
        } finally {
            c.running = null;
        }
        // a thread that gave the carrier back to weft is ready again; one that is not either waits
        // outside weft or has ended, and an ended one is let go of at once: a Microthread handle
        // kept after its end then holds no thread (the JDK already dropped the stack)
        if (!ready && thread().getState() == Thread.State.TERMINATED) {
            c.ended(this);
            bodyOrThread = null;
            nameOrTask = null;
        }
    }

    @Override
    public void suspend() {
        resumed = false;
        SUSPENDED.setRelease(this, true);
        Thread.yield();
        // Nothing here may need a first-time link or class load (a VarHandle call, an enum
        // switch): the JIT compiles this method while thousands of threads are frozen in the yield
        // above, and a trap compiled in below it would deoptimize each of them as it resumes.
        // A plain read suffices: the carrier wrote the field on this same carrier thread just
        // before continuing the thread.
        if (!resumed) {
            // the yield did not unmount: pinned, nothing was resubmitted
            SUSPENDED.setRelease(this, false);
            throw Pins.error("a microthread tried to suspend");
        }
    }

    /** Stopped in a JDK block (monitor wait, JDK lock, sleep): its virtual thread gets the interrupt. */
    @Override
    public void interruptOutside() {
        Thread t = thread();
        if (t != null) {
            t.interrupt();
        }
    }

    /** A coroutine nested in this virtual thread is about to wait: this thread will have to yield too. */
    @Override
    public void checkSuspendable() {
        Pins.checkNotPinned("a microthread tried to wait inside a coroutine");
    }

    @Override
    public boolean isDone() {
        return created && bodyOrThread == null;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        Thread t = thread();
        return t != null ? t.getStackTrace() : new StackTraceElement[0];
    }

    @Override
    public void discard() {
        // A yielded virtual thread that is never continued holds no carrier and no OS resource.
        // In weft's thread container (which keeps no list) nothing else refers to it, so it is
        // garbage with its strand; in the JDK's root container (jdk.internal.vm not exported to
        // weft) the container keeps it until the JVM exits.
        carrier.ended(this);
    }

    /** The core's body never throws; should anything escape, report it as the JDK would. */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        t.getThreadGroup().uncaughtException(t, e);
    }

    @Override
    public String toString() {
        return "loom strand " + (!created ? "'" + nameOrTask + "' (not started)"
                : bodyOrThread == null ? "(ended)" : bodyOrThread);
    }
}
