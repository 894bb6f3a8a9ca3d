package dev.weft.loom;

import dev.weft.spi.Carrier;
import dev.weft.spi.CarrierHost;
import dev.weft.spi.Strand;

import java.lang.reflect.Constructor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor of one scheduler's virtual threads.
 *
 * <h2>Implementation notes</h2>
 * The JDK hands a virtual thread's continuation task to {@link #execute} whenever the thread
 * becomes runnable. weft never lets the JDK decide when it runs: the task is recorded in its
 * {@link LoomStrand} and run only when the core dispatches that strand. The calls that arrive:
 * <ol>
 *   <li>the first start, from {@link LoomStrand#run()} on the carrier thread ({@link #starting});</li>
 *   <li>a strand giving the carrier back to weft: {@link LoomStrand#suspend()} is a
 *       {@code Thread.yield()}, after which the JDK resubmits the task at once, on the carrier
 *       thread, while the carrier is still running that strand ({@link #running});</li>
 *   <li>a strand that stopped outside weft (a JDK monitor, lock, sleep or I/O, or a
 *       {@code Thread.yield()} of its own): from the carrier or from the JDK's own threads
 *       (unblocker, timer, poller); the core is told through {@link CarrierHost#wakeFromOutside},
 *       which is thread-safe;</li>
 *   <li>the JDK taking the stack of a thread suspended by weft (it resubmits the task
 *       afterwards): recorded, nothing else, since the strand already waits for weft.</li>
 * </ol>
 * The first two know their strand. The others find it from the task: the task is bound to its
 * virtual thread ({@link VirtualThreads#threadOf}), whose uncaught-exception handler is its
 * strand. Where a JDK's task cannot be read that way, a map from task to strand is kept instead,
 * an insert and a delete per microthread.
 */
final class LoomCarrier implements Carrier, Executor {
    final CarrierHost host;
    private final Thread.Builder.OfVirtual builder;
    /** Task to strand, only where {@link VirtualThreads#canFindThreads()} is false. */
    private final ConcurrentHashMap<Runnable, LoomStrand> byTask;
    /** The strand whose first start is in progress on the carrier thread. Carrier thread only. */
    LoomStrand starting;
    /** The strand whose task the carrier thread is running, or null. Written by the carrier thread only. */
    LoomStrand running;
    private volatile boolean closed;

    LoomCarrier(CarrierHost host, Constructor<?> builderConstructor) {
        this.host = host;
        try {
            this.builder = (Thread.Builder.OfVirtual) builderConstructor.newInstance((Executor) this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create weft's virtual-thread builder", e);
        }
        this.byTask = VirtualThreads.canFindThreads() ? null : new ConcurrentHashMap<Runnable, LoomStrand>();
    }

    /**
     * The virtual thread is created when the strand first runs ({@link #newThread}), not here: a
     * started microthread may wait long in the run queue (a million skynet leaves do), and until
     * it runs it costs only weft's records, not a thread and its continuation. Unless the starting
     * thread has something a new thread inherits from it (inheritable thread-locals, its own
     * context class loader): then the thread is created now, by the starter, as
     * {@code Thread.start} would.
     */
    @Override
    public Strand newStrand(Runnable body, String name) {
        LoomStrand s = new LoomStrand(this, body, name);
        if (VirtualThreads.inheritsFrom(Thread.currentThread(), host.carrierThread())) {
            s.createThread();
        }
        return s;
    }

    /** A virtual thread of this carrier running {@code body} (the core's fiber itself: no wrapper). */
    Thread newThread(Runnable body, String name) {
        return builder.name(name).unstarted(body);
    }

    /** A coroutine is a bare continuation run nested in its resumer's virtual thread. */
    @Override
    public boolean nestsStrands() {
        return true;
    }

    @Override
    public Strand newCoroutineStrand(Runnable body, String name) {
        return new LoomCoroutineStrand(body, name);
    }

    /** A virtual thread whose scheduler is this carrier. */
    @Override
    public boolean runsStrandOn(Thread t) {
        LoomStrand r = running; // any value read is one of ours, so a match is exact even if stale
        if (r != null && r.runsOn(t)) {
            return true;
        }
        return t.isVirtual() && VirtualThreads.schedulerOf(t) == this;
    }

    @Override
    public void execute(Runnable task) {
        LoomStrand s;
        if (Thread.currentThread() == host.carrierThread()) {
            s = starting;
            if (s != null) {
                starting = null;
                s.started(task);
                s.markReady();
                if (byTask != null) {
                    byTask.put(task, s);
                }
                return;
            }
            s = running;
            if (s == null || s.task() != task) {
                s = strandOf(task);
            }
        } else {
            s = strandOf(task);
        }
        s.markReady();
        if (!s.suspended) {
            host.wakeFromOutside(s);
        }
    }

    private LoomStrand strandOf(Runnable task) {
        LoomStrand s;
        if (byTask != null) {
            s = byTask.get(task);
        } else {
            Thread t = VirtualThreads.threadOf(task);
            Thread.UncaughtExceptionHandler h = t == null ? null : t.getUncaughtExceptionHandler();
            s = h instanceof LoomStrand ? (LoomStrand) h : null;
        }
        if (s == null || s.carrier != this) {
            throw new RejectedExecutionException("weft's carrier of scheduler '" + host.name()
                    + "' was handed a task that is not one of its virtual threads: " + task);
        }
        return s;
    }

    /** Whether a map from task to strand is kept (the JDK's task could not be read). */
    boolean byTaskKept() {
        return byTask != null;
    }

    /** {@code s} has ended or been discarded: its task can no longer arrive. */
    void ended(LoomStrand s) {
        if (byTask != null && s.task() != null) {
            byTask.remove(s.task());
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "weft loom carrier of '" + host.name() + "'" + (closed ? " (closed)" : "");
    }
}
