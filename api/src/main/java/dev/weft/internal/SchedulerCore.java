package dev.weft.internal;

import dev.weft.Microthread;
import dev.weft.SchedulerClock;
import dev.weft.spi.Backend;
import dev.weft.spi.Carrier;
import dev.weft.spi.CarrierHost;
import dev.weft.spi.Strand;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler: every ordering rule of SPEC §2, once, for every backend.
 *
 * <h2>Implementation notes</h2>
 * One carrier thread runs {@link #loop()}: take the head of the run queue, run its active strand
 * until it suspends, repeat. All state below is confined to the carrier thread, except the
 * outside queue ({@link #post}), which other threads use to hand work to the carrier.
 * <ul>
 *   <li>Rule 2/3: {@link #enqueue} appends at the tail; starting, yielding and every wake-up go
 *       through it, so the waker keeps running and the woken side runs later.</li>
 *   <li>Rule 5: before each dispatch, every due timer fires, earliest first, ties in creation
 *       order; a timer's action is a wake-up, so it too appends at the tail.</li>
 *   <li>Rule 6: with the virtual clock, the clock moves only in {@link #next()}, when the run
 *       queue is empty, straight to the earliest deadline.</li>
 *   <li>Rule 7: outside events are drained when the run queue is empty and otherwise every
 *       {@value #OUTSIDE_EVERY} dispatches, so neither side starves the other.</li>
 *   <li>Rule 9: when nothing is runnable, no timer is pending, nothing outside can wake anyone
 *       and non-daemon fibers still live, every parked fiber is woken with a
 *       {@code DeadlockException} whose message lists them all.</li>
 * </ul>
 */
public final class SchedulerCore implements CarrierHost {
    /** Outside events are let in at least once every this many dispatches (rule 7). */
    public static final int OUTSIDE_EVERY = 64;

    private static final ThreadLocal<SchedulerCore> CURRENT = new ThreadLocal<SchedulerCore>();

    private final String name;
    private final Backend backend;
    private final boolean openWorld;
    private final SchedulerClock clock;
    private final Clocks.Virtual virtualClock;
    private final long stallNanos;
    private final Object facade;
    private final UncaughtHandler uncaught;

    private Carrier carrier;
    private boolean nestsStrands;
    private volatile Thread carrierThread;

    private ArrayDeque<Fiber> runQueue = new ArrayDeque<Fiber>();
    /**
     * The most fibers the run queue was seen to hold (sampled when outside events are let in)
     * since it was last trimmed. An ArrayDeque
     * never shrinks: after a burst of a million queued microthreads its array would keep 4 MB
     * (a few bytes per parked microthread, counted by the memory benchmark) for the rest of the
     * scheduler's life, so the queue is replaced when it empties after holding more than
     * {@link #RUN_QUEUE_TRIM}.
     */
    private int runQueuePeak;
    static final int RUN_QUEUE_TRIM = 16_384;
    final TimerQueue timers = new TimerQueue();
    private final ConcurrentLinkedQueue<Runnable> outside = new ConcurrentLinkedQueue<Runnable>();
    private final LiveFibers live = new LiveFibers();

    /** The fiber being dispatched, or null between dispatches. */
    Fiber current;
    private int liveNonDaemon;
    private int blockedOutside;
    private int outsideHolds;
    private int sinceOutside;
    private boolean shuttingDown;
    /** Deadlocks detected since a microthread last ended. */
    private int deadlockRounds;
    /**
     * Deadlocks in a row, with no microthread ending in between, after which the blocked
     * microthreads are abandoned instead of sent another {@code DeadlockException}.
     */
    static final int DEADLOCKS_BEFORE_GIVING_UP = 100;
    private String deadlockMessage;
    private volatile boolean closed;
    private volatile boolean finished;

    /** Reports a microthread's uncaught failure; implemented by the public layer. */
    public interface UncaughtHandler {
        void uncaught(Microthread t, Throwable e);
    }

    public SchedulerCore(String name, Backend backend, boolean virtualTime, boolean openWorld,
                         long stallNanos, Object facade, UncaughtHandler uncaught) {
        this.name = name;
        this.backend = backend;
        this.openWorld = openWorld;
        this.virtualClock = virtualTime ? new Clocks.Virtual() : null;
        this.clock = virtualTime ? virtualClock : Clocks.SYSTEM;
        this.stallNanos = stallNanos;
        this.facade = facade;
        this.uncaught = uncaught;
    }

    // ------------------------------------------------------------------ lookup

    /**
     * Running cores, found by carrier thread (copy on write; one per running scheduler). On a
     * backend whose strands run on the carrier thread itself (fallback), each strand has
     * thread-local maps of its own, swapped in by the backend; finding the core by thread
     * instead of through {@link #CURRENT} spares every such strand a thread-local map. Strands
     * that are threads of their own are recognised by the carrier ({@link Carrier#runsStrandOn},
     * loom: the virtual thread's scheduler is the carrier), or else set {@link #CURRENT}.
     */
    private static final AtomicReference<SchedulerCore[]> CARRIERS = new AtomicReference<SchedulerCore[]>(new SchedulerCore[0]);

    /** The core whose carrier runs the calling code, or null. */
    public static SchedulerCore current() {
        Thread t = Thread.currentThread();
        SchedulerCore[] cores = CARRIERS.get();
        for (SchedulerCore c : cores) {
            if (c.carrierThread == t) {
                return c;
            }
        }
        for (SchedulerCore c : cores) {
            if (c.carrier.runsStrandOn(t)) {
                return c;
            }
        }
        return CURRENT.get();
    }

    private static void registerCarrier(SchedulerCore c, boolean add) {
        for (;;) { // copy on write; no monitor, since this class may be woven
            SchedulerCore[] a = CARRIERS.get();
            List<SchedulerCore> list = new ArrayList<SchedulerCore>(a.length + 1);
            Collections.addAll(list, a);
            if (add) {
                list.add(c);
            } else {
                list.remove(c);
            }
            if (CARRIERS.compareAndSet(a, list.toArray(new SchedulerCore[0]))) {
                return;
            }
        }
    }

    /** The public {@code Scheduler} this core serves. */
    public Object facade() {
        return facade;
    }

    @Override
    public String name() {
        return name;
    }

    public Backend backend() {
        return backend;
    }

    public SchedulerClock clock() {
        return clock;
    }

    @Override
    public Thread carrierThread() {
        return carrierThread;
    }

    public boolean isOpenWorld() {
        return openWorld;
    }

    /** Whether coroutine strands run nested in their resumer's strand (see {@code Carrier.nestsStrands}). */
    boolean nestsStrands() {
        return nestsStrands;
    }

    /** Whether the calling code runs on this core's carrier (in a microthread or an outside event). */
    public boolean isCarrier() {
        return current() == this;
    }

    /** Whether this scheduler no longer runs anything new. */
    public boolean isFinished() {
        return finished;
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Runs the loop on the calling thread until every non-daemon fiber has ended (or, for an
     * open-world scheduler, until {@link #close()}).
     */
    public void loop() {
        carrierThread = Thread.currentThread();
        SchedulerCore previous = CURRENT.get();
        CURRENT.set(this);
        carrier = backend.attach(this);
        nestsStrands = carrier.nestsStrands();
        registerCarrier(this, true);
        try {
            Fiber f;
            while ((f = next()) != null) {
                dispatch(f);
            }
        } finally {
            finished = true;
            drainRejected();
            try {
                registerCarrier(this, false);
                carrier.close();
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        }
    }

    private void dispatch(Fiber f) {
        current = f;
        f.setState(Fiber.RUNNING);
        do {
            Strand s = f.active;
            f.switchPending = false;
            f.runningStrand = s;
            s.run();
        } while (f.switchPending);
        f.runningStrand = null;
        current = null;
        if (f.state == Fiber.RUNNING) {
            // the strand stopped without asking weft: it waits on something outside (loom: a JDK block)
            if (f.outsideWakePending) {
                f.outsideWakePending = false;
                enqueue(f);
            } else {
                f.state = Fiber.OUTSIDE;
                blockedOutside++;
            }
        }
    }

    private Fiber next() {
        for (;;) {
            fireDueTimers();
            if (runQueue.isEmpty() || sinceOutside >= OUTSIDE_EVERY) {
                sinceOutside = 0;
                // sampled here, every OUTSIDE_EVERY dispatches, not on every enqueue: a queue
                // long enough to matter is long for many more dispatches than that
                runQueuePeak = Math.max(runQueuePeak, runQueue.size());
                drainOutside();
            }
            Fiber f = runQueue.pollFirst();
            if (f != null) {
                sinceOutside++;
                if (runQueuePeak > RUN_QUEUE_TRIM && runQueue.isEmpty()) {
                    runQueue = new ArrayDeque<Fiber>();
                    runQueuePeak = 0;
                }
                return f;
            }
            // nothing is runnable
            if (live.isEmpty() && (!openWorld || closed)) {
                return null;
            }
            if (!openWorld && liveNonDaemon == 0 && timers.isEmpty() && blockedOutside == 0 && outsideHolds == 0) {
                abandonAll(); // only daemons that ignore the shutdown interrupt remain
                return null;
            }
            TimerQueue.Timer t = timers.peek();
            if (t != null) {
                if (virtualClock != null) {
                    if (blockedOutside > 0 && waitOutside(TimeUnit.MILLISECONDS.toNanos(20))) {
                        continue; // an outside wake-up came first: let it in before time moves
                    }
                    virtualClock.advanceTo(t.deadline);
                } else {
                    waitOutside(t.deadline - clock.nanoTime());
                }
                continue;
            }
            if (openWorld || blockedOutside > 0 || outsideHolds > 0) {
                if (!waitOutside(stallNanos) && !live.isEmpty()) {
                    Log.stall(this, Dumps.stall(this));
                }
                continue;
            }
            deadlock();
        }
    }

    private void fireDueTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = clock.nanoTime();
        Runnable a;
        while ((a = timers.pollDue(now)) != null) {
            a.run();
        }
    }

    /** Appends a fiber at the tail of the run queue (rules 2 and 3). Carrier only. */
    void enqueue(Fiber f) {
        f.setState(Fiber.QUEUED);
        runQueue.addLast(f);
    }

    /** Takes a fiber out of the run queue (a suspension that was undone). Carrier only. */
    void dequeue(Fiber f) {
        runQueue.removeLastOccurrence(f);
    }

    // ------------------------------------------------------------------ starting and ending

    /**
     * Starts a fiber on this scheduler: from the carrier it is appended to the run queue at once
     * (rule 2); from any other thread it enters as an outside event. Safe against concurrent starts
     * of the same fiber: exactly one succeeds.
     *
     * @return false, starting nothing, if the fiber was started before (on any scheduler)
     * @throws RejectedExecutionException if the scheduler has finished or is closed
     */
    public boolean start(final Fiber f) {
        if (f.core != null) {
            return false;
        }
        if (finished) {
            throw new RejectedExecutionException("scheduler '" + name + "' has finished; it cannot start " + f.thread);
        }
        if (closed) {
            throw new RejectedExecutionException("scheduler '" + name + "' is closed and accepts no more work; it"
                    + " cannot start " + f.thread + ". Start it before close(), or on another scheduler.");
        }
        if (!f.claim(this)) {
            return false;
        }
        if (isCarrier()) {
            startOnCarrier(f);
        } else {
            post(new Runnable() {
                @Override
                public void run() {
                    startOnCarrier(f);
                }
            });
        }
        return true;
    }

    private void startOnCarrier(final Fiber f) {
        Strand s = carrier.newStrand(f, f.thread.getName()); // the fiber is its strand's body: Fiber.run
        s.attach(f);
        f.active = s;
        live.add(f);
        if (!f.isDaemon()) {
            liveNonDaemon++;
        } else if (shuttingDown) {
            f.interrupted = true;
        }
        f.enterGroup(current);
        enqueue(f);
    }

    /**
     * Creates a strand for a coroutine body owned by {@code owner}; the body must not throw.
     * Carrier only.
     */
    public Strand newStrand(final Runnable body, String strandName, StrandOwner owner) {
        // A nesting carrier runs the strand on its own thread, where markStrandThread does
        // nothing: the body as it is, one frame fewer to save and restore on every value.
        Strand s = carrier.newCoroutineStrand(nestsStrands ? body : new Runnable() {
            @Override
            public void run() {
                markStrandThread();
                body.run();
            }
        }, strandName);
        s.attach(owner);
        return s;
    }

    /**
     * On a strand that is a thread of its own and that the carrier cannot recognise, records this
     * core in {@link #CURRENT}; loom's virtual threads are recognised (no thread-local map).
     */
    private void markStrandThread() {
        Thread t = Thread.currentThread();
        if (t != carrierThread && !carrier.runsStrandOn(t)) {
            CURRENT.set(this);
        }
    }

    /** Before a fiber's body ({@link Fiber#run}), on its strand. */
    void bodyStarts() {
        markStrandThread();
    }

    /**
     * After a fiber's body ({@link Fiber#run}), on its strand: reports its failure, if any, and
     * ends the fiber.
     */
    void bodyEnded(Fiber f, Throwable failure) {
        if (failure != null && !isDeadlockUnwinding(failure)) {
            try {
                uncaught.uncaught(f.thread, failure);
            } catch (Throwable t) {
                Log.handlerFailed(f.thread, failure, t);
            }
        }
        live.remove(f);
        deadlockRounds = 0; // progress: the deadlocks so far were unwound, not repeated
        if (!f.isDaemon() && --liveNonDaemon == 0 && !openWorld) {
            shutDownDaemons();
        }
        f.terminated();
    }

    private boolean isDeadlockUnwinding(Throwable t) {
        return deadlockMessage != null && t instanceof dev.weft.DeadlockException
                && deadlockMessage.equals(t.getMessage());
    }

    /** SPEC §3: when main and every non-daemon microthread have ended, daemons are interrupted. */
    private void shutDownDaemons() {
        shuttingDown = true;
        for (Fiber d : live.snapshot()) {
            d.interrupt();
        }
    }

    /** Gives up on fibers that can never finish: their strands are discarded. */
    private void abandonAll() {
        java.util.List<Fiber> all = live.snapshot();
        for (Fiber f : all) {
            if (f.state != Fiber.OUTSIDE && f.active != null) {
                f.active.discard();
            }
            live.remove(f);
            // every one ends before any end is announced: a joiner that is abandoned too is not woken
            f.state = Fiber.TERMINATED;
        }
        live.clear();
        for (Fiber f : all) {
            f.terminated();
        }
    }

    // ------------------------------------------------------------------ deadlock

    private void deadlock() {
        deadlockRounds++;
        String message = Dumps.deadlock(this);
        if (deadlockRounds > DEADLOCKS_BEFORE_GIVING_UP) {
            // microthreads that catch DeadlockException and wait again, round after round, with
            // none ending: they would never finish, so give up on them
            Log.abandoned(this, message);
            abandonAll();
            return;
        }
        deadlockMessage = message;
        for (Fiber f : live.snapshot()) {
            f.abort(message);
        }
    }

    /** The message of the deadlock this scheduler detected, or null. */
    public String deadlockMessage() {
        return deadlockMessage;
    }

    // ------------------------------------------------------------------ timers

    /** Schedules {@code action} on the carrier at {@code deadline} (this clock). Carrier only. */
    public Object schedule(long deadline, Runnable action) {
        return timers.add(deadline, action);
    }

    /** Cancels a timer returned by {@link #schedule}; harmless if it already fired. */
    public void cancel(Object timer) {
        timers.cancel((TimerQueue.Timer) timer);
    }

    /** {@code now + nanos} on this clock, saturating instead of overflowing. */
    public long deadlineAfter(long nanos) {
        long now = clock.nanoTime();
        long d = now + nanos;
        if (nanos > 0 && d - now < 0) {
            return now + Long.MAX_VALUE;
        }
        return d;
    }

    // ------------------------------------------------------------------ outside events

    /**
     * Hands {@code event} to the carrier, to run between dispatches (rule 7). Any thread.
     *
     * @throws RejectedExecutionException if the scheduler has finished
     */
    public void post(Runnable event) {
        if (finished) {
            throw new RejectedExecutionException("scheduler '" + name + "' has finished");
        }
        outside.add(event);
        Thread t = carrierThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Declares that something outside the carrier may still wake a microthread (an outside
     * future being awaited, for example), so an idle carrier waits instead of reporting a
     * deadlock. Carrier only; pair with {@link #releaseOutsideHold()}.
     */
    public void holdOutside() {
        outsideHolds++;
    }

    public void releaseOutsideHold() {
        outsideHolds--;
    }

    @Override
    public void wakeFromOutside(final Strand strand) {
        if (isCarrier() || Thread.currentThread() == carrierThread) {
            wakeStrandOnCarrier(strand);
        } else {
            post(new Runnable() {
                @Override
                public void run() {
                    wakeStrandOnCarrier(strand);
                }
            });
        }
    }

    private void wakeStrandOnCarrier(Strand strand) {
        Object owner = strand.attachment();
        Fiber f = owner instanceof Fiber ? (Fiber) owner : ((StrandOwner) owner).fiber();
        if (f == null) {
            return;
        }
        if (f.state == Fiber.OUTSIDE) {
            blockedOutside--;
            enqueue(f);
        } else if (f.state == Fiber.RUNNING) {
            f.outsideWakePending = true;
        }
    }

    private void drainOutside() {
        // a bounded drain: events posted while draining wait for the next turn
        int n = outside.size();
        for (int i = 0; i < n; i++) {
            Runnable r = outside.poll();
            if (r == null) {
                break;
            }
            try {
                r.run();
            } catch (Throwable t) {
                Log.outsideEventFailed(this, t);
            }
        }
    }

    private void drainRejected() {
        Runnable r;
        while ((r = outside.poll()) != null) {
            try {
                r.run();
            } catch (Throwable ignored) {
                // the scheduler is gone; events for it have nowhere to run
            }
        }
    }

    /** Waits for an outside event; returns whether one is queued. */
    private boolean waitOutside(long nanos) {
        if (!outside.isEmpty()) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        long end = System.nanoTime() + nanos;
        while (outside.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        return true;
    }

    /** Stops an open-world scheduler once its microthreads have ended; interrupts them now. Any thread. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            post(new Runnable() {
                @Override
                public void run() {
                    shuttingDown = true;
                    for (Fiber f : live.snapshot()) {
                        f.interrupt();
                    }
                }
            });
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ introspection

    /** The live fibers in start order. Carrier only (others get a copy via an outside event). */
    public List<Fiber> liveFibers() {
        return live.snapshot();
    }

    /** A record owning a strand that is not a fiber's own (a coroutine): says which fiber runs it now. */
    public interface StrandOwner {
        Fiber fiber();
    }

    @Override
    public String toString() {
        return "scheduler '" + name + "' (" + backend.name() + ", " + clock + ")";
    }
}
