package dev.weft.loom;

import dev.weft.spi.Strand;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A strand that is a JDK virtual thread: {@link #run()} runs its continuation on the carrier,
 * {@link #suspend()} parks it, which unmounts it and returns the carrier to the core.
 */
final class LoomStrand extends Strand {
    // Fields other threads may read are volatile; the carrier's and the thread's own frequent
    // writes use release stores, which cost no fence on the switch path. Every cross-thread hand
    // over also passes through the JDK's mount/unmount or weft's outside queue, which order them.
    private static final VarHandle PENDING;
    private static final VarHandle PARKED_BY_WEFT;
    private static final VarHandle RESUMED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PENDING = l.findVarHandle(LoomStrand.class, "pending", Runnable.class);
            PARKED_BY_WEFT = l.findVarHandle(LoomStrand.class, "parkedByWeft", boolean.class);
            RESUMED = l.findVarHandle(LoomStrand.class, "resumed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoomCarrier carrier;
    Thread thread;
    /** The JDK's continuation task for this thread, known after the first start. */
    Runnable continuation;
    /** A continuation handed to the executor and not yet run. */
    volatile Runnable pending;
    /** Whether the thread is parked in {@link #suspend()}. */
    volatile boolean parkedByWeft;
    /** Set by the carrier just before it continues the thread; the park loop ends on it. */
    private volatile boolean resumed;
    /** Set by {@link PinWatch}: the thread parked without unmounting. */
    volatile boolean pinned;
    private boolean started;
    private volatile boolean done;

    LoomStrand(LoomCarrier carrier) {
        this.carrier = carrier;
    }

    void body(Runnable body) {
        try {
            body.run();
        } finally {
            done = true;
            carrier.ended(this);
        }
    }

    @Override
    public void run() {
        Runnable task = pending;
        if (task == null) {
            carrier.starting = this;
            try {
                if (!started) {
                    started = true;
                    thread.start();
                } else {
                    LockSupport.unpark(thread);
                }
            } finally {
                carrier.starting = null;
            }
            task = pending;
            if (task == null) {
                throw new IllegalStateException("internal: virtual thread " + thread
                        + " did not hand its continuation to weft's carrier (state " + thread.getState() + ")");
            }
        }
        if (continuation == null) {
            continuation = task;
        }
        PENDING.setRelease(this, (Runnable) null);
        RESUMED.setRelease(this, true);
        carrier.enter(this);
        try {
            task.run();
        } finally {
            carrier.exit();
        }
    }

    @Override
    public void suspend() {
        RESUMED.setRelease(this, false);
        PARKED_BY_WEFT.setRelease(this, true);
        // a set JDK interrupt flag would make park() return at once, forever: hold it aside
        boolean jdkInterrupted = Thread.interrupted();
        try {
            while (!resumed) {
                LockSupport.park(this);
                if (pinned) {
                    pinned = false;
                    throw Pins.error("a microthread tried to suspend");
                }
            }
        } finally {
            PARKED_BY_WEFT.setRelease(this, false);
            if (jdkInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stopped in a JDK block (monitor wait, JDK lock, sleep): its virtual thread gets the interrupt. */
    @Override
    public void interruptOutside() {
        thread.interrupt();
    }

    /** A coroutine nested in this virtual thread is about to wait: this thread will have to park too. */
    @Override
    public void checkSuspendable() {
        Pins.checkNotPinned("a microthread tried to wait inside a coroutine");
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        return started && !done ? thread.getStackTrace() : new StackTraceElement[0];
    }

    @Override
    public void discard() {
        // A parked virtual thread that is never continued holds no carrier and no OS resource,
        // but by default (-Djdk.trackAllThreads unset or true) the JDK's root thread container
        // keeps every started virtual thread reachable, so its stack stays in the heap until the
        // JVM exits. Known limitation: close coroutines and generators you abandon.
        carrier.ended(this);
    }

    @Override
    public String toString() {
        return "loom strand " + thread;
    }
}
