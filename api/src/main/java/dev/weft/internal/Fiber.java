package dev.weft.internal;

import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.spi.Strand;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The core's record of one microthread: its state machine, interrupt flag and what it waits on.
 *
 * <h2>Implementation notes</h2>
 * <pre>
 *   NEW ──start──▶ QUEUED ──dispatch──▶ RUNNING ──yield──────────────────▶ QUEUED
 *                    ▲                    │ ──park──▶ WAITING / TIMED_WAITING ──unpark──▶ QUEUED
 *                    │                    │ ──stops outside weft (loom: a JDK block)──▶ OUTSIDE
 *                    └──wakeFromOutside───┘                                  (OUTSIDE ──▶ QUEUED)
 *                                         └──body ends──▶ TERMINATED
 * </pre>
 * Every transition happens on the carrier thread, in this class or {@link SchedulerCore}, except
 * {@link #interrupted}, which any thread may set. {@code state} is volatile only so that other
 * threads can observe it ({@code getState()}, {@code isAlive()}, {@code join()} from a plain
 * thread).
 *
 * <p>A fiber runs one strand at a time, {@link #active}: its own, or the strand of a coroutine it
 * resumed. Waking the fiber runs whichever is active, so a coroutine body that blocks blocks its
 * resumer with it (SPEC §3, coroutines).
 *
 * <p>Waiting: a primitive links a {@link WaitNode} into its {@link WaitQueue}, then calls
 * {@link #park}. Whoever wakes the fiber first wins ({@link #unpark} returns false for the
 * others); a wake by timeout, interrupt or deadlock unlinks the node, a signaller removes it
 * itself (with {@link WaitQueue#poll()}), so a signalled node is never signalled twice.
 */
public final class Fiber implements Runnable {
    static final int NEW = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int WAITING = 3;
    static final int TIMED_WAITING = 4;
    static final int OUTSIDE = 5;
    static final int TERMINATED = 6;

    /** No deadline: wait until signalled or interrupted. */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    /** The public face of this fiber. */
    public final Microthread thread;
    final long id;

    /** Set once, by {@link SchedulerCore#start}: a fiber is started exactly when it has a core. */
    volatile SchedulerCore core;

    private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<Fiber, SchedulerCore> CORE =
            java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(Fiber.class, SchedulerCore.class, "core");

    /** Starts the fiber on {@code c} unless it was started before; exactly one caller wins. */
    boolean claim(SchedulerCore c) {
        return CORE.compareAndSet(this, null, c);
    }
    volatile int state = NEW;

    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Fiber> STATE =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Fiber.class, "state");

    /**
     * A state change on the carrier's hot path (queued, running, waiting): a release store, with
     * no full fence. Only the carrier acts on these states; other threads read {@code state} to
     * report it ({@code getState()}, {@code isAlive()}) and see the change soon after.
     * {@code TERMINATED} and {@code OUTSIDE}, which other threads wait for, are volatile stores.
     */
    void setState(int s) {
        STATE.lazySet(this, s);
    }
    volatile boolean interrupted;
    /** Set (and never cleared) by the first plain thread that joins: terminated() must unpark the outside joiners. */
    private volatile boolean outsideJoined;

    /** The strand that runs when this fiber is dispatched: its own, or a coroutine's. */
    Strand active;
    /** Set when {@link #active} was switched while running: the core runs the new one at once. */
    boolean switchPending;
    /** A wake-up from outside weft arrived while the fiber was still running. */
    boolean outsideWakePending;

    // --- the current wait (carrier-thread only)
    private boolean interruptible;
    Object blocker;
    private WaitNode waitNode;
    private TimerQueue.Timer timer;
    /** Why the last wait ended: an index into {@link #WAKES}, 0 while it has not. A byte, not a {@code Wake}: see {@link Rare}. */
    private byte wake;

    /** What few fibers need (made on first use, see {@link #rare()}): see {@link Rare}. */
    private Rare rare;


    public Fiber(Microthread thread, long id) {
        this.thread = thread;
        this.id = id;
    }

    /**
     * The body of this fiber's own strand: runs the microthread's task and ends the fiber. Called
     * by the backend's strand only (a fiber is its strand's body, so a microthread costs no
     * separate body object).
     */
    @Override
    public void run() {
        // The body is here rather than in the core so that a woven frame of it, on the fallback
        // backend, saves nothing but its place: thread is a final field, read again on resume.
        core.bodyStarts();
        Throwable failure = null;
        try {
            thread.run();
        } catch (Throwable t) {
            failure = t;
        }
        core.bodyEnded(this, failure);
    }

    // ------------------------------------------------------------------ lookup

    /** The fiber running on this thread, or null outside any microthread. */
    public static Fiber current() {
        SchedulerCore c = SchedulerCore.current();
        return c == null ? null : c.current;
    }

    /**
     * The fiber running on this thread.
     *
     * @param operation what the caller is doing, for the message, e.g. {@code "Channel.receive"}
     * @throws IllegalStateException outside a microthread
     */
    public static Fiber require(String operation) {
        Fiber f = current();
        if (f == null) {
            throw new IllegalStateException(operation + " must be called from a microthread, but was called from "
                    + Thread.currentThread() + ". Run the code inside Weft.run(..) or a started Microthread.");
        }
        return f;
    }

    /** The scheduler core this fiber runs on; null before start. */
    public SchedulerCore core() {
        return core;
    }

    public long id() {
        return id;
    }

    // ------------------------------------------------------------------ states

    public boolean isStarted() {
        return core != null;
    }

    public boolean isAlive() {
        return core != null && state != TERMINATED;
    }

    public boolean isTerminated() {
        return state == TERMINATED;
    }

    public boolean isDaemon() {
        Rare r = rare;
        return r != null && r.daemon;
    }

    /** Before the start only, as {@link #setGroup}. */
    public void setDaemon(boolean on) {
        if (on || rare != null) {
            rare().daemon = on;
        }
    }

    /** The JDK state this fiber's state maps to, as a JDK virtual thread reports it. */
    public Thread.State jdkState() {
        switch (state) {
            case NEW:
                return core != null ? Thread.State.RUNNABLE : Thread.State.NEW;
            case QUEUED:
            case RUNNING:
                return Thread.State.RUNNABLE;
            case WAITING:
                return Thread.State.WAITING;
            case TIMED_WAITING:
                return Thread.State.TIMED_WAITING;
            case OUTSIDE:
                return Thread.State.BLOCKED;
            default:
                return Thread.State.TERMINATED;
        }
    }

    /** What the fiber waits on, for dumps; null if it does not wait on a weft operation. */
    public Object blocker() {
        return blocker;
    }

    /** The stack of the strand this fiber is running, with weft's own frames removed. */
    public StackTraceElement[] stackTrace() {
        Strand s = active;
        if (s == null || state == TERMINATED) {
            return new StackTraceElement[0];
        }
        if (state == RUNNING || enclosingCount == 0 || rare.innermost == null) {
            return StackTraces.userFrames(s.stackTrace());
        }
        // suspended while strands nest: each saved its own frames, innermost first
        List<StackTraceElement> all = new ArrayList<StackTraceElement>();
        Collections.addAll(all, rare.innermost.stackTrace());
        for (int i = enclosingCount - 1; i >= 0; i--) {
            Collections.addAll(all, rare.enclosing[i].stackTrace());
        }
        return StackTraces.userFrames(all.toArray(new StackTraceElement[0]));
    }

    // ------------------------------------------------------------------ interrupt

    public boolean isInterrupted() {
        return interrupted;
    }

    /** Clears the flag; returns whether it was set. */
    public boolean consumeInterrupt() {
        if (interrupted) {
            interrupted = false;
            return true;
        }
        return false;
    }

    /**
     * Throws {@link InterruptedException} (clearing the flag) if this fiber is interrupted, as a
     * blocking JDK method does on entry.
     */
    public void checkInterrupt() throws InterruptedException {
        if (consumeInterrupt()) {
            throw new InterruptedException();
        }
    }

    /** Sets the flag and wakes the fiber if it waits interruptibly. Any thread. */
    public void interrupt() {
        interrupted = true;
        final SchedulerCore c = core;
        if (c == null || state == TERMINATED) {
            return; // nothing to wake; the flag is all Thread.interrupt() leaves on such a thread
        }
        if (SchedulerCore.current() == c) {
            wakeIfInterruptible();
        } else {
            try {
                c.post(new Runnable() {
                    @Override
                    public void run() {
                        wakeIfInterruptible();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException finished) {
                // its scheduler finished meanwhile, so this fiber has ended: only the flag remains
            }
        }
    }

    void wakeIfInterruptible() {
        if (interrupted && interruptible && (state == WAITING || state == TIMED_WAITING)) {
            unpark(Wake.INTERRUPT);
        } else if (interrupted && state == OUTSIDE && active != null) {
            // stopped in a JDK block (loom): the JDK delivers this interrupt, once
            interrupted = false;
            active.interruptOutside();
        }
    }

    // ------------------------------------------------------------------ switching

    /**
     * Yields the carrier: this fiber goes to the tail of the run queue (rule 2), then the due
     * timers (rule 5), then the head runs.
     */
    public void yieldNow() {
        SchedulerCore c = checkCurrent("yield");
        c.enqueue(this);
        suspendCurrentStrand();
    }

    /**
     * Parks this fiber (which must be current) until {@link #unpark} or, if given, the deadline.
     *
     * @param blocker what it waits on, shown by dumps and deadlock reports
     * @param node its node in a wait queue, unlinked on timeout or interrupt; may be null
     * @param interruptible whether {@link #interrupt()} wakes it
     * @param deadline on the scheduler clock, or {@link #NO_DEADLINE}
     * @return why it woke
     * @throws DeadlockException if the scheduler proved that nothing can ever wake it
     */
    public Wake park(Object blocker, WaitNode node, boolean interruptible, long deadline) {
        SchedulerCore c = checkCurrent("park");
        if (interruptible && interrupted) {
            if (node != null) {
                node.unlink();
            }
            return Wake.INTERRUPT;
        }
        this.blocker = blocker;
        this.waitNode = node;
        this.interruptible = interruptible;
        this.wake = 0;
        if (deadline != NO_DEADLINE) {
            if (deadline - c.clock().nanoTime() <= 0) {
                this.blocker = null;
                this.waitNode = null;
                if (node != null) {
                    node.unlink();
                }
                return Wake.TIMEOUT;
            }
            setState(TIMED_WAITING);
            timer = c.timers.add(deadline, new Runnable() {
                @Override
                public void run() {
                    timer = null;
                    unpark(Wake.TIMEOUT);
                }
            });
        } else {
            setState(WAITING);
        }
        // suspendCurrentStrand() written out: on the fallback backend each frame on this path is
        // saved by every parked microthread
        Strand s = runningStrand;
        try {
            beforeSuspend(s);
            s.suspend();
        } catch (RuntimeException | Error e) {
            undoSuspend(s);
            throw e;
        }
        Rare r = rare;
        if (r != null && r.abortMessage != null) {
            String m = r.abortMessage;
            r.abortMessage = null;
            throw new DeadlockException(m);
        }
        return WAKES[wake];
    }

    /**
     * Wakes this fiber if it is parked: it goes to the tail of the run queue (rule 3) and the
     * caller keeps running. Carrier thread only.
     *
     * @return false if the fiber was not parked (already woken, running, ended)
     */
    public boolean unpark(Wake why) {
        if (state != WAITING && state != TIMED_WAITING) {
            return false;
        }
        wake = (byte) (why.ordinal() + 1);
        blocker = null;
        if (timer != null) {
            core.timers.cancel(timer);
            timer = null;
        }
        if (waitNode != null) {
            if (why != Wake.SIGNAL) {
                waitNode.unlink();
            }
            waitNode = null;
        }
        core.enqueue(this);
        return true;
    }

    /** Wakes a parked fiber so that its {@link #park} throws a {@link DeadlockException}. */
    void abort(String message) {
        if (state == WAITING || state == TIMED_WAITING) {
            rare().abortMessage = message;
            if (waitNode != null) {
                waitNode.unlink();
            }
            unpark(Wake.SIGNAL);
        }
    }

    /**
     * Makes {@code next} the strand that runs for this fiber and gives the carrier to it at once,
     * without passing through the run queue (a coroutine resume or yield). Returns when this
     * fiber's calling strand is active again and the fiber is dispatched.
     */
    public void switchTo(Strand next) {
        checkCurrent("switch");
        active = next;
        switchPending = true;
        suspendCurrentStrand();
    }

    /**
     * Makes {@code next} the active strand, to run as soon as the calling strand's body returns
     * (a coroutine body ending). The caller must return right after.
     */
    public void handOffOnExit(Strand next) {
        active = next;
        switchPending = true;
    }

    /** The strand that will run when this fiber runs. */
    public Strand activeStrand() {
        return active;
    }

    /** The strand executing for this fiber now: its own or a coroutine's; null between dispatches. */
    public Strand executingStrand() {
        return runningStrand;
    }

    // ------------------------------------------------------------------ coroutine strands
    //
    // A coroutine's strand runs for the fiber that resumes it. The carrier decides how
    // (Carrier.nestsStrands): by switching (loom), where enter and leave are switchTo and the end
    // of the body is handOffOnExit; or by nesting (fallback), where the resumer calls the
    // coroutine strand's run() on its own stack and a yield is that strand's suspend(). Nested,
    // a wait in the innermost strand suspends it, then each enclosing strand in turn (enterStrand's
    // loop); when the fiber runs again, its own strand is restored down to that loop, which goes
    // back into the inner strand, and so on down to the wait.

    /**
     * Runs the coroutine strand {@code next} for this fiber until it gives control back with
     * {@link #leaveStrand} or its body ends.
     */
    public void enterStrand(Strand next) {
        // checkCurrent and pushEnclosing inlined on the common path: this runs on every resume,
        // and on the fallback backend every call from woven code is instrumented
        SchedulerCore c = core;
        if (c == null || c.current != this) {
            checkCurrent("resume");
        }
        if (!c.nestsStrands()) {
            switchTo(next);
            return;
        }
        Strand outer = runningStrand;
        Rare r = rare;
        Strand[] encl = r == null ? null : r.enclosing;
        if (encl != null && enclosingCount < encl.length) {
            encl[enclosingCount++] = outer;
        } else {
            pushEnclosing(outer);
        }
        for (;;) {
            runningStrand = next;
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // refused before it ran (e.g. resumed inside a static initializer)
                runningStrand = outer;
                rare.enclosing[--enclosingCount] = null;
                throw e;
            }
            runningStrand = outer;
            if (rare.nestedYield || next.isDone()) {
                rare.nestedYield = false;
                break;
            }
            // next stopped because this fiber waits or gave up the carrier: stop here too
            outer.suspend();
        }
        rare.enclosing[--enclosingCount] = null;
    }

    /**
     * Pushes {@code outer} on {@link #enclosing}, growing it. A plain array rather than a list: on
     * the fallback backend every call from woven code is instrumented, and this runs on every resume.
     */
    private void pushEnclosing(Strand outer) {
        if (enclosingCount == Short.MAX_VALUE) {
            throw new IllegalStateException(thread + " resumed coroutines nested " + Short.MAX_VALUE
                    + " deep, one inside the other's body: weft supports no deeper nesting");
        }
        Rare r = rare();
        Strand[] e = r.enclosing;
        if (e == null) {
            e = r.enclosing = new Strand[4];
        } else if (enclosingCount == e.length) {
            e = r.enclosing = Arrays.copyOf(e, Math.min(2 * e.length, Short.MAX_VALUE));
        }
        e[enclosingCount++] = outer;
    }

    /** Gives control from the running coroutine strand back to {@code caller}, which resumed it. */
    public void leaveStrand(Strand caller) {
        checkCurrent("yield");
        Strand nested = beginNestedLeave();
        if (nested == null) {
            switchTo(caller);
            return;
        }
        try {
            nested.suspend();
        } catch (RuntimeException | Error e) {
            nestedLeaveRefused();
            throw e;
        }
    }

    /**
     * {@link #leaveStrand} split for a caller that suspends the strand itself, one frame fewer on
     * a nesting carrier's yield path (a woven frame is saved and restored on every value: see
     * {@code Coroutine}'s implementation notes). The caller has checked that this fiber is
     * running ({@link #isRunningNow()}) a coroutine strand it entered with {@link #enterStrand}.
     * On a nesting carrier, marks the coming suspension as a yield and returns the running
     * coroutine strand: the caller must call its {@link Strand#suspend()} at once, and
     * {@link #nestedLeaveRefused()} if that throws. On a switching carrier, changes nothing and
     * returns null: the caller calls {@link #leaveStrand}. Calls nothing, so the fallback weaver
     * leaves it alone: the nesting carrier is recognised by the enclosing strand that
     * {@code enterStrand} pushed (a switching carrier pushes none).
     */
    public Strand beginNestedLeave() {
        if (enclosingCount == 0) {
            return null;
        }
        rare.nestedYield = true; // made by pushEnclosing
        return runningStrand;
    }

    /**
     * Whether this fiber is the one its scheduler is running now. Says nothing of the calling
     * thread: a caller that knows the thread this fiber runs on compares it itself. Calls
     * nothing (cheap from woven code).
     */
    public boolean isRunningNow() {
        SchedulerCore c = core;
        return c != null && c.current == this;
    }

    /**
     * Whether this fiber is running now, executing strand {@code s}, and the calling thread is
     * {@code thread} (the one the caller saw running this fiber): then this fiber is
     * {@link #current()}, without the lookup. Calls nothing but {@code Thread.currentThread()}
     * (cheap from woven code).
     */
    public boolean runsStrand(Strand s, Thread thread) {
        SchedulerCore c = core;
        return c != null && c.current == this && runningStrand == s && Thread.currentThread() == thread;
    }

    /** The strand returned by {@link #beginNestedLeave()} refused to suspend: no yield happened. */
    public void nestedLeaveRefused() {
        rare.nestedYield = false;
    }

    /**
     * The running coroutine strand's body is about to return; control goes back to {@code caller}.
     * The caller must return right after.
     */
    public void endStrand(Strand caller) {
        if (!core.nestsStrands()) {
            handOffOnExit(caller);
        }
    }

    /** Suspends the running strand for a switch or wait already recorded; undoes it if refused. */
    private void suspendCurrentStrand() {
        Strand s = runningStrand;
        try {
            beforeSuspend(s);
            s.suspend();
        } catch (RuntimeException | Error e) {
            undoSuspend(s);
            throw e;
        }
    }

    /** Before {@code s}, the running strand, suspends: when strands nest, each enclosing one must be able to suspend too. */
    private void beforeSuspend(Strand s) {
        if (enclosingCount != 0) {
            // every enclosing strand will have to suspend too: a refusal must come first
            Strand[] e = rare.enclosing;
            for (int i = enclosingCount - 1; i >= 0; i--) {
                e[i].checkSuspendable();
            }
            rare.innermost = s;
        }
    }

    /** The strand refused to suspend: put this fiber back to running, out of every queue. */
    private void undoSuspend(Strand s) {
        if (state == QUEUED) {
            core.dequeue(this);
        } else if (state == WAITING || state == TIMED_WAITING) {
            if (timer != null) {
                core.timers.cancel(timer);
                timer = null;
            }
            if (waitNode != null) {
                waitNode.unlink();
                waitNode = null;
            }
            blocker = null;
        }
        if (switchPending) {
            active = s;
            switchPending = false;
        }
        state = RUNNING;
    }

    /** Links of the core's {@link LiveFibers} list. */
    Fiber livePrev;
    Fiber liveNext;

    /** The strand actually executing right now (set by the core on every dispatch). */
    Strand runningStrand;
    /**
     * Nesting carriers: the number of strands enclosing the one running nested (in
     * {@link Rare#enclosing}). A short, which keeps a fiber at 72 bytes: each nested resume holds
     * a few frames of the carrier's stack, which overflows long before 32,767 of them
     * (pushEnclosing refuses more, and the array never grows beyond that).
     */
    private short enclosingCount;

    /**
     * Callers reach a fiber through {@link #current()} or {@link #require}, which already looked
     * up the calling thread's core; this only guards against a stale fiber reference.
     */
    private SchedulerCore checkCurrent(String what) {
        SchedulerCore c = core;
        if (c == null || c.current != this) {
            throw new IllegalStateException("internal: " + what + " of " + thread + " called while it is not running");
        }
        return c;
    }

    // ------------------------------------------------------------------ groups

    /**
     * A set of fibers that must all end before something may proceed (a task scope). A fiber
     * joins the group of the fiber that starts it, unless {@link #setGroup} chose one; the core
     * calls {@link #enter} when the fiber is started on the carrier and {@link #exit} when it
     * ends. Both are called on the carrier thread.
     */
    public interface Group {
        void enter(Fiber f);

        void exit(Fiber f);
    }

    /** The group of a fiber whose group was chosen to be none: it enters and leaves nothing. */
    private static final Group NO_GROUP = new Group() {
        @Override
        public void enter(Fiber f) {
        }

        @Override
        public void exit(Fiber f) {
        }
    };

    /** The innermost group this fiber belongs to, or null. */
    public Group group() {
        Group g = rare == null ? null : rare.group;
        return g == NO_GROUP ? null : g;
    }

    /**
     * Chooses this fiber's group (null for none) instead of inheriting its starter's. Call before
     * start.
     */
    public void setGroup(Group g) {
        rare().group = g == null ? NO_GROUP : g;
    }

    /** Called by the core when the fiber is started on the carrier, with the starting fiber or null. */
    void enterGroup(Fiber starter) {
        Group g = rare == null ? null : rare.group;
        if (g == null && starter != null && starter.core == core) {
            g = starter.group();
            if (g != null) {
                rare().group = g;
            }
        }
        if (g != null) {
            g.enter(this);
        }
    }

    // ------------------------------------------------------------------ end

    /** Parks the current fiber until this one has ended (or the deadline passes). */
    public Wake awaitTermination(Fiber waiter, long deadline) {
        if (state == TERMINATED) {
            return Wake.SIGNAL;
        }
        Rare r = rare();
        if (r.joiners == null) {
            r.joiners = new WaitQueue<WaitNode>();
        }
        WaitNode n = new WaitNode(waiter);
        r.joiners.add(n);
        return waiter.park(new JoinBlocker(this), n, true, deadline);
    }

    /** Blocks a thread that is not a microthread until this fiber ends. */
    public boolean awaitTerminationFromOutside(long timeoutNanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        ConcurrentLinkedQueue<Thread> joiners;
        synchronized (this) { // only joiners from outside lock here: terminated() must never block
            Rare r = rare();
            if (r.outsideJoiners == null) {
                r.outsideJoiners = new ConcurrentLinkedQueue<Thread>();
            }
            joiners = r.outsideJoiners;
        }
        joiners.add(me);
        try {
            // set after this thread is in the queue and before state is read, while terminated()
            // sets state before it reads this flag (both volatile): either this thread sees
            // TERMINATED or terminated() sees the flag, and then this thread in the queue
            outsideJoined = true;
            long end = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
            while (state != TERMINATED) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
            return true;
        } finally {
            joiners.remove(me);
        }
    }

    /** Runs {@code r} on the carrier when this fiber ends (at once if it has ended). Carrier only. */
    public void onExit(Runnable r) {
        if (state == TERMINATED) {
            r.run();
            return;
        }
        Rare x = rare();
        if (x.exitListeners == null) {
            x.exitListeners = new ArrayList<Runnable>(2);
        }
        x.exitListeners.add(r);
    }

    /**
     * Ends this fiber: TERMINATED, then its group, joiners, exit listeners and outside joiners
     * are told. Runs at the end of the fiber's body, on its strand (on loom, its virtual thread).
     * Nothing here or after it may block in the JDK (a monitor, a lock, a blocking queue): a
     * strand that stops after its fiber is TERMINATED is never run again, because the core takes
     * the JDK's wake-up of an ended fiber for a stale one. Exit listeners must only hand work on.
     */
    void terminated() {
        state = TERMINATED;
        blocker = null;
        Rare x = rare;
        if (x != null) {
            if (x.group != null) {
                x.group.exit(this);
            }
            if (x.joiners != null) {
                WaitNode n;
                while ((n = x.joiners.poll()) != null) {
                    n.fiber.unpark(Wake.SIGNAL);
                }
            }
            if (x.exitListeners != null) {
                List<Runnable> ls = x.exitListeners;
                x.exitListeners = null;
                for (Runnable r : ls) {
                    r.run();
                }
            }
        }
        if (outsideJoined) {
            // Unparking blocks nothing. A monitor here would: on loom this runs on the ending
            // microthread's virtual thread, and one blocked on a monitor held by a joiner after
            // its fiber became TERMINATED was never run again (its wake-up from the JDK found
            // the fiber ended), so the joiners waiting in wait() were never notified.
            for (Thread t : rare.outsideJoiners) {
                LockSupport.unpark(t);
            }
        }
    }

    @Override
    public String toString() {
        return thread.toString();
    }

    private Rare rare() {
        Rare r = rare;
        if (r == null) {
            // Any thread may get here (setUncaughtHandler, an outside join), so two may race to
            // make it: the second one to lock sees the first one's. A racy read of rare is safe
            // because a new Rare holds only default values: what is set in it later is
            // carrier-only, volatile (handler), or published by a volatile write (outsideJoiners,
            // by outsideJoined).
            synchronized (this) {
                r = rare;
                if (r == null) {
                    r = rare = new Rare();
                }
            }
        }
        return r;
    }

    /** This microthread's own handler for the failure that ends it, or null. Any thread. */
    public Microthread.UncaughtExceptionHandler uncaughtHandler() {
        Rare r = rare;
        return r == null ? null : r.handler;
    }

    /** Sets (or with null, clears) {@link #uncaughtHandler()}. Any thread. */
    public void setUncaughtHandler(Microthread.UncaughtExceptionHandler h) {
        if (h != null || rare != null) {
            rare().handler = h;
        }
    }

    /**
     * The fields that most fibers never use, out of the fiber itself: a parked microthread is
     * mostly its fiber (bytes per parked microthread are one of weft's targets), and these would
     * cost every fiber 32 bytes (and the microthread 4 more). Made on first use, by any thread
     * (see {@link #rare()}).
     */
    private static final class Rare {
        /**
         * The innermost group (a task scope) this fiber belongs to, or null; see {@link Group}.
         * {@link #NO_GROUP} when {@link #setGroup} chose none, so the start must not inherit the
         * starter's.
         */
        Group group;
        /** Microthreads joining this one. */
        WaitQueue<WaitNode> joiners;
        /** Run on the carrier when this fiber ends ({@link #onExit}). */
        List<Runnable> exitListeners;
        /** Set by {@link #abort}: the parked fiber's {@link #park} throws a DeadlockException with it. */
        String abortMessage;
        /**
         * Nesting carriers: the strands enclosing the one running nested, outermost first, in the
         * first {@link #enclosingCount} slots (null beyond).
         */
        Strand[] enclosing;
        /** Nesting carriers: set by leaveStrand just before the nested strand suspends to give control back. */
        boolean nestedYield;
        /** Nesting carriers: the strand that last suspended for this fiber, the innermost one (for stack traces). */
        Strand innermost;
        /** Whether the fiber is a daemon: its scheduler does not wait for it (see {@link #setDaemon}). */
        boolean daemon;
        /** Plain threads in {@link #awaitTerminationFromOutside} (made by the first, under the fiber's lock). */
        ConcurrentLinkedQueue<Thread> outsideJoiners;
        /** The microthread's own handler for the failure that ends it (set from any thread). */
        volatile Microthread.UncaughtExceptionHandler handler;
    }

    /** {@link #wake}'s meanings: 0 is none, {@code w.ordinal() + 1} is {@code w}. */
    private static final Wake[] WAKES = new Wake[Wake.values().length + 1];

    static {
        for (Wake w : Wake.values()) {
            WAKES[w.ordinal() + 1] = w;
        }
    }

    /** What a joiner waits on. */
    static final class JoinBlocker {
        final Fiber target;

        JoinBlocker(Fiber target) {
            this.target = target;
        }

        @Override
        public String toString() {
            return "join of " + target.thread;
        }
    }
}
