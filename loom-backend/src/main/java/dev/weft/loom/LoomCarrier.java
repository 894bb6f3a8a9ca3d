package dev.weft.loom;

import dev.weft.spi.Carrier;
import dev.weft.spi.CarrierHost;
import dev.weft.spi.Strand;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor of one scheduler's virtual threads.
 *
 * <h2>Implementation notes</h2>
 * The JDK hands a virtual thread's continuation to {@link #execute} whenever the thread becomes
 * runnable. weft never lets the JDK decide when it runs: the continuation is stored in its
 * {@link LoomStrand} and run only when the core dispatches that strand. Three kinds of calls
 * arrive here:
 * <ol>
 *   <li>from the carrier thread, inside {@link LoomStrand#run()}'s own {@code start()} or
 *       {@code unpark()}: the continuation of the strand being dispatched ({@link #starting});</li>
 *   <li>for a strand parked by weft (a stray {@code LockSupport.unpark} or
 *       {@code Thread.interrupt}): stored, not woken; the next dispatch runs it and the strand's
 *       park loop goes back to sleep unless weft resumed it;</li>
 *   <li>for a strand that stopped outside weft (a JDK monitor, lock, sleep or I/O): from the
 *       carrier or from the JDK's own threads (unblocker, timer, poller); the core is told
 *       through {@link CarrierHost#wakeFromOutside}, which is thread-safe.</li>
 * </ol>
 */
final class LoomCarrier implements Carrier, Executor {
    private static final VarHandle RUNNING;
    private static final VarHandle RUNS;

    /** {@code VirtualThread.scheduler}, as {@code (Thread) -> Executor}. */
    private static final java.lang.invoke.MethodHandle SCHEDULER;

    static {
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            SCHEDULER = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                    .findGetter(vt, "scheduler", Executor.class)
                    .asType(java.lang.invoke.MethodType.methodType(Executor.class, Thread.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNING = l.findVarHandle(LoomCarrier.class, "running", LoomStrand.class);
            RUNS = l.findVarHandle(LoomCarrier.class, "runs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CarrierHost host;
    private final Thread.Builder.OfVirtual builder;
    private final ConcurrentHashMap<Runnable, LoomStrand> byContinuation = new ConcurrentHashMap<>();
    /** The strand whose start/unpark is in progress on the carrier thread. */
    LoomStrand starting;
    /** The strand whose continuation the carrier is running, for {@link PinWatch}. */
    volatile LoomStrand running;
    /** Dispatches so far, for {@link PinWatch}. */
    volatile long runs;
    // PinWatch's own bookkeeping, touched only by its thread
    LoomStrand suspect;
    long suspectRuns;
    int suspectSamples;
    private volatile boolean closed;

    LoomCarrier(CarrierHost host, Constructor<?> builderConstructor) {
        this.host = host;
        try {
            this.builder = (Thread.Builder.OfVirtual) builderConstructor.newInstance((Executor) this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create weft's virtual-thread builder", e);
        }
        PinWatch.watch(this);
    }

    @Override
    public Strand newStrand(Runnable body, String name) {
        LoomStrand s = new LoomStrand(this);
        s.thread = builder.name(name).unstarted(() -> s.body(body));
        return s;
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
        if (!t.isVirtual()) {
            return false;
        }
        try {
            return (Executor) SCHEDULER.invokeExact(t) == this;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the scheduler of " + t, e);
        }
    }

    @Override
    public void execute(Runnable continuation) {
        LoomStrand s = starting;
        if (s != null && Thread.currentThread() == host.carrierThread()) {
            starting = null;
            if (s.continuation == null) {
                byContinuation.put(continuation, s);
            }
            s.pending = continuation; // same thread as the read in LoomStrand.run()
            return;
        }
        s = byContinuation.get(continuation);
        if (s == null) {
            throw new RejectedExecutionException("weft's carrier of scheduler '" + host.name()
                    + "' was handed a task that is not one of its virtual threads");
        }
        s.pending = continuation;
        if (!s.parkedByWeft) {
            host.wakeFromOutside(s);
        }
    }

    /** The carrier starts running {@code s} (release stores: only {@link PinWatch} reads these). */
    void enter(LoomStrand s) {
        RUNNING.setRelease(this, s);
        RUNS.setRelease(this, runs + 1);
    }

    void exit() {
        RUNNING.setRelease(this, (LoomStrand) null);
    }

    void ended(LoomStrand s) {
        if (s.continuation != null) {
            byContinuation.remove(s.continuation);
        }
    }

    @Override
    public void close() {
        closed = true;
        PinWatch.unwatch(this);
    }

    @Override
    public String toString() {
        return "weft loom carrier of '" + host.name() + "'" + (closed ? " (closed)" : "");
    }
}
