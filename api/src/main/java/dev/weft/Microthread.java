package dev.weft;

import dev.weft.internal.Durations;
import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;
import dev.weft.internal.Wake;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cooperative thread of execution: the {@code java.lang.Thread} of weft.
 *
 * <p>Where a method has a {@link Thread} namesake it behaves like that method on a JDK 25
 * virtual thread, so legacy code migrates by changing the class name. A microthread runs on its
 * {@link Scheduler}'s single carrier thread until it suspends (yield, sleep, a blocking weft
 * operation, join) or ends; nothing preempts it.
 *
 * <h2>Scheduling</h2>
 * <ul>
 *   <li>{@link #start()} appends the new microthread to the tail of the run queue; the starter
 *       keeps running. Started from a microthread, it runs on the starter's scheduler; started
 *       from a plain thread, on the {@linkplain Scheduler#defaultScheduler() default scheduler}.</li>
 *   <li>{@link #yield()} moves the current microthread to the tail.</li>
 *   <li>Every wake-up (the joined microthread ended, an interrupt, a timer) appends the woken
 *       microthread at the tail; the waker keeps running.</li>
 * </ul>
 *
 * <h2>Interrupts</h2>
 * {@link #interrupt()} sets the flag and wakes the microthread if it waits in an interruptible
 * weft operation ({@link #sleep}, {@link #join}, channel and lock waits); the operation throws
 * {@link InterruptedException} and clears the flag, as the JDK's do. An operation entered with
 * the flag set throws at once. The flag is weft's own: it is not the carrier's or the virtual
 * thread's {@code Thread.interrupted()}.
 *
 * <h2>Outside a microthread</h2>
 * The static methods {@link #sleep}, {@link #yield()} and {@link #interrupted()} called from a
 * plain thread act on that thread exactly as {@code Thread}'s do; {@link #current()} returns null.
 *
 * <p>Subclasses may override {@link #run()}, as with {@code Thread}.
 */
public class Microthread implements Runnable {
    /** Handles the failure that ends a microthread; see {@link #setUncaughtExceptionHandler}. */
    @FunctionalInterface
    public interface UncaughtExceptionHandler {
        void uncaughtException(Microthread t, Throwable e);
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final Runnable target;
    private final Fiber fiber;
    private volatile String name;
    // its uncaught-exception handler is kept by the fiber, with what few microthreads use

    /** A microthread with no name that runs {@link #run()} (override it). */
    public Microthread() {
        this(null, "");
    }

    /** A microthread with no name that runs {@code task}. */
    public Microthread(Runnable task) {
        this(task, "");
    }

    /** A named microthread that runs {@link #run()} (override it). */
    public Microthread(String name) {
        this(null, name);
    }

    /**
     * A named microthread that runs {@code task}.
     *
     * @throws NullPointerException if {@code name} is null
     */
    public Microthread(Runnable task, String name) {
        this.target = task;
        this.name = Objects.requireNonNull(name, "name");
        this.fiber = new Fiber(this, IDS.incrementAndGet());
        Fiber parent = Fiber.current();
        fiber.setDaemon(parent != null && parent.isDaemon());
    }

    /** Starts and returns a new unnamed microthread running {@code task}. */
    public static Microthread start(Runnable task) {
        Microthread t = new Microthread(Objects.requireNonNull(task, "task"));
        t.start();
        return t;
    }

    /**
     * Starts a new unnamed microthread computing {@code body} and returns its {@link Task}: the
     * microthread is appended to the tail of the run queue of the caller's scheduler (of the
     * {@linkplain Scheduler#defaultScheduler() default scheduler} from a plain thread), and the
     * caller keeps running. Called from a member of a {@link TaskScope}, the new microthread
     * becomes a member too (the scope waits for it). The body's failure is kept by the task, for
     * {@link Task#join()} and {@link Task#get()} to rethrow; it is not reported as uncaught.
     *
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler has finished
     */
    public static <T> Task<T> fork(java.util.concurrent.Callable<T> body) {
        return Task.fork(Objects.requireNonNull(body, "body"));
    }

    /** A builder of microthreads: {@code Microthread.builder().name("worker-", 0).daemon(true).start(r)}. */
    public static MicrothreadBuilder builder() {
        return new MicrothreadBuilder();
    }

    /**
     * Starts this microthread: it is appended to the tail of its scheduler's run queue.
     *
     * @throws IllegalThreadStateException if it was started before
     * @throws java.util.concurrent.RejectedExecutionException if its scheduler has finished
     */
    public void start() {
        SchedulerCore core = SchedulerCore.current();
        startOn(core != null ? core : Scheduler.defaultScheduler().core());
    }

    /** Starts this microthread on {@code core}; the one place every start goes through. */
    void startOn(SchedulerCore core) {
        if (!core.start(fiber)) {
            throw new IllegalThreadStateException(this + " was already started; a microthread starts once");
        }
    }

    /** Runs the task given to the constructor, if any. Subclasses override this. */
    @Override
    public void run() {
        if (target != null) {
            target.run();
        }
    }

    // ------------------------------------------------------------------ current

    /** The microthread running the calling code, or null when called outside any microthread. */
    public static Microthread current() {
        Fiber f = Fiber.current();
        return f == null ? null : f.thread;
    }

    /**
     * Moves the current microthread to the tail of the run queue and runs the head. Outside a
     * microthread this is {@link Thread#yield()}.
     */
    public static void yield() {
        Fiber f = Fiber.current();
        if (f == null) {
            Thread.yield();
            return;
        }
        f.yieldNow();
    }

    /**
     * Suspends the current microthread for {@code millis} on its scheduler's clock. Other
     * microthreads run meanwhile. {@code sleep(0)} yields.
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     * @throws InterruptedException if interrupted before or while sleeping (the flag is cleared)
     */
    public static void sleep(long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative: " + millis + " ms");
        }
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * Suspends the current microthread for {@code duration} on its scheduler's clock. A zero
     * duration yields, as {@link #sleep(long) sleep(0)} does; a negative duration returns at once,
     * without yielding and without looking at the interrupt flag, as
     * {@code Thread.sleep(Duration)} does.
     *
     * @throws NullPointerException if {@code duration} is null
     * @throws InterruptedException if interrupted before or while sleeping (the flag is cleared)
     */
    public static void sleep(Duration duration) throws InterruptedException {
        long nanos = Durations.toNanos(Objects.requireNonNull(duration, "duration"));
        if (nanos < 0) {
            return;
        }
        sleepNanos(nanos);
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        Fiber f = Fiber.current();
        if (f == null) {
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } else if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        f.checkInterrupt();
        if (nanos <= 0) {
            f.yieldNow();
            return;
        }
        Wake w = f.park("sleep", null, true, f.core().deadlineAfter(nanos));
        if (w == Wake.INTERRUPT) {
            f.consumeInterrupt();
            throw new InterruptedException("sleep interrupted");
        }
    }

    /**
     * Tests whether the current microthread has been interrupted, and clears the flag. Outside a
     * microthread this is {@link Thread#interrupted()}.
     */
    public static boolean interrupted() {
        Fiber f = Fiber.current();
        return f == null ? Thread.interrupted() : f.consumeInterrupt();
    }

    // ------------------------------------------------------------------ join

    /**
     * Waits until this microthread has ended; returns at once if it has not been started or has
     * ended (without looking at the caller's interrupt flag, as {@code Thread.join()}). From a
     * plain thread, blocks that thread.
     *
     * @throws InterruptedException if the caller is interrupted before or while waiting for a live
     *     microthread (flag cleared)
     * @throws IllegalStateException if a microthread joins itself (it would wait forever)
     */
    public final void join() throws InterruptedException {
        joinNanos(-1);
    }

    /**
     * Waits at most {@code millis}, on the scheduler's clock, for this microthread to end; 0 means
     * forever, as in {@link Thread#join(long)}. Returns at once if it has not been started or has
     * ended. A timeout is not an error: check {@link #isAlive()}.
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     * @throws IllegalStateException if a microthread joins itself
     * @throws InterruptedException if the caller is interrupted before or while waiting for a live
     *     microthread (flag cleared)
     */
    public final void join(long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative: " + millis + " ms");
        }
        joinNanos(millis == 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * Waits at most {@code duration}, on the scheduler's clock, for this microthread to end; a
     * zero or negative duration does not wait. As {@code Thread.join(Duration)}: an ended
     * microthread gives true at once, without looking at the caller's interrupt flag.
     *
     * @return true if it has ended
     * @throws IllegalThreadStateException if it has not been started
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalStateException if a live microthread joins itself with a positive duration
     * @throws InterruptedException if the caller is interrupted before or while waiting (flag cleared)
     */
    public final boolean join(Duration duration) throws InterruptedException {
        long nanos = Durations.toNanos(Objects.requireNonNull(duration, "duration"));
        if (!fiber.isStarted()) {
            throw new IllegalThreadStateException(this + " has not been started");
        }
        if (fiber.isTerminated()) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        return joinNanos(nanos);
    }

    private boolean joinNanos(long nanos) throws InterruptedException {
        Fiber me = Fiber.current();
        if (me == fiber) {
            throw new IllegalStateException(this + " cannot join itself: it would wait forever");
        }
        if (!fiber.isAlive()) {
            // as Thread.join(): nothing to wait for, so the interrupt flag is not looked at
            return fiber.isTerminated();
        }
        if (me == null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return fiber.awaitTerminationFromOutside(nanos);
        }
        me.checkInterrupt();
        if (fiber.core() != me.core()) {
            // a microthread of another scheduler: wait without blocking this carrier
            return joinAcrossSchedulers(me, nanos);
        }
        Wake w = fiber.awaitTermination(me, nanos < 0 ? Fiber.NO_DEADLINE : me.core().deadlineAfter(nanos));
        if (w == Wake.INTERRUPT) {
            me.consumeInterrupt();
            throw new InterruptedException("join interrupted");
        }
        return w == Wake.SIGNAL;
    }

    /** Joins a microthread of another scheduler without blocking this carrier. */
    private boolean joinAcrossSchedulers(final Fiber me, long nanos) throws InterruptedException {
        final SchedulerCore mine = me.core();
        final WaitQueue<WaitNode> slot = new WaitQueue<WaitNode>();
        final WaitNode node = new WaitNode(me);
        slot.add(node);
        final Runnable wakeMe = new Runnable() {
            @Override
            public void run() {
                if (node.isLinked()) { // still waiting for this join, not woken by timeout or interrupt
                    node.unlink();
                    me.unpark(Wake.SIGNAL);
                }
            }
        };
        try {
            fiber.core().post(new Runnable() {
                @Override
                public void run() {
                    fiber.onExit(new Runnable() {
                        @Override
                        public void run() {
                            mine.post(wakeMe);
                        }
                    });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException finished) {
            return true; // its scheduler has finished, so it has ended
        }
        mine.holdOutside();
        Wake w;
        try {
            w = me.park("join of " + this + " (another scheduler)", node, true,
                    nanos < 0 ? Fiber.NO_DEADLINE : mine.deadlineAfter(nanos));
        } finally {
            mine.releaseOutsideHold();
        }
        if (w == Wake.INTERRUPT) {
            me.consumeInterrupt();
            throw new InterruptedException("join interrupted");
        }
        return w == Wake.SIGNAL;
    }

    // ------------------------------------------------------------------ interrupt

    /**
     * Interrupts this microthread: sets its flag and, if it waits in an interruptible weft
     * operation, wakes it (it goes to the tail of the run queue; the caller keeps running). Any
     * thread may call this; from another thread the wake-up enters the scheduler as an outside
     * event. On a microthread that is not started yet the flag is kept and seen once it runs; on
     * one that has ended (even on a finished scheduler) only the flag is set. Never throws.
     */
    public void interrupt() {
        fiber.interrupt();
    }

    /** Whether this microthread's interrupt flag is set; does not clear it. */
    public boolean isInterrupted() {
        return fiber.isInterrupted();
    }

    // ------------------------------------------------------------------ properties

    /** Whether this microthread has been started and has not ended. */
    public final boolean isAlive() {
        return fiber.isAlive();
    }

    /**
     * The state, as a JDK virtual thread would report it: {@code NEW}; {@code RUNNABLE} while
     * running or queued; {@code WAITING} / {@code TIMED_WAITING} while parked in a weft
     * operation without / with a timeout (sleep is {@code TIMED_WAITING}); {@code BLOCKED} while
     * stopped in a JDK lock or monitor outside weft (loom backend only); {@code TERMINATED}.
     */
    public Thread.State getState() {
        return fiber.jdkState();
    }

    public final String getName() {
        return name;
    }

    /**
     * @throws NullPointerException if {@code name} is null
     */
    public final void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A positive identifier, unique among the microthreads of this JVM, never reused. */
    public final long threadId() {
        return fiber.id();
    }

    public final boolean isDaemon() {
        return fiber.isDaemon();
    }

    /**
     * Marks this microthread as a daemon: {@link Scheduler#run} does not wait for daemons; when
     * the last non-daemon microthread ends, live daemons are interrupted and may finish.
     *
     * @throws IllegalThreadStateException if it has been started
     */
    public final void setDaemon(boolean on) {
        synchronized (fiber) {
            if (fiber.isStarted()) {
                throw new IllegalThreadStateException(this + " has been started; set daemon before start()");
            }
            fiber.setDaemon(on);
        }
    }

    /**
     * The stack of this microthread, innermost first, without weft's own machinery; empty if it
     * is not alive.
     */
    public StackTraceElement[] getStackTrace() {
        if (Fiber.current() == fiber) {
            return dev.weft.internal.StackTraces.userFrames(new Throwable().getStackTrace());
        }
        return fiber.stackTrace();
    }

    /** Sets the handler for the failure that ends this microthread; null to use the scheduler's. */
    public void setUncaughtExceptionHandler(UncaughtExceptionHandler handler) {
        fiber.setUncaughtHandler(handler);
    }

    /** This microthread's own handler, or null. */
    public UncaughtExceptionHandler getUncaughtExceptionHandler() {
        return fiber.uncaughtHandler();
    }

    /** The scheduler this microthread runs on; null if not started. */
    public Scheduler scheduler() {
        SchedulerCore c = fiber.core();
        return c == null ? null : (Scheduler) c.facade();
    }

    Fiber fiber() {
        return fiber;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Microthread[#").append(fiber.id());
        if (!name.isEmpty()) {
            sb.append(',').append(name);
        }
        return sb.append("]/").append(getState().toString().toLowerCase(java.util.Locale.ROOT)).toString();
    }
}
