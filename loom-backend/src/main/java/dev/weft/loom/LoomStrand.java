package dev.weft.loom;

import dev.weft.spi.Strand;

import java.util.concurrent.locks.LockSupport;

/**
 * A strand that is a JDK virtual thread: {@link #run()} runs its continuation on the carrier,
 * {@link #suspend()} parks it, which unmounts it and returns the carrier to the core.
 */
final class LoomStrand extends Strand {
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
        pending = null;
        resumed = true;
        carrier.running = this;
        carrier.runs++;
        try {
            task.run();
        } finally {
            carrier.running = null;
        }
    }

    @Override
    public void suspend() {
        resumed = false;
        parkedByWeft = true;
        // a set JDK interrupt flag would make park() return at once, forever: hold it aside
        boolean jdkInterrupted = Thread.interrupted();
        try {
            while (!resumed) {
                LockSupport.park(this);
                if (pinned) {
                    pinned = false;
                    throw pinnedError();
                }
            }
        } finally {
            parkedByWeft = false;
            if (jdkInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private IllegalStateException pinnedError() {
        StringBuilder where = new StringBuilder();
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (e.isNativeMethod() || "<clinit>".equals(e.getMethodName())) {
                where.append(where.length() == 0 ? "" : ", ").append(e);
            }
        }
        return new IllegalStateException("a microthread tried to suspend while its virtual thread is pinned to the"
                + " carrier" + (where.length() > 0 ? " by " + where : " (a native frame or a class initializer is on"
                + " its stack)") + "; weft cannot switch here, and waiting would freeze the carrier. Move the"
                + " blocking weft call out of the static initializer or native callback.");
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
        // A parked virtual thread that is never continued holds no carrier and no OS resource;
        // once unreachable it is garbage collected with its stack.
        carrier.ended(this);
    }

    @Override
    public String toString() {
        return "loom strand " + thread;
    }
}
