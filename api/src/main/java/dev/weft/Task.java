package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;
import dev.weft.internal.task.Signal;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A value being computed by its own microthread: the {@link Future} of weft.
 *
 * <p>Made by {@link Microthread#fork(Callable)}, {@link TaskScope#fork(Callable)} and the
 * executor of {@link Microthreads#newPerTaskExecutor()}. A task ends in exactly one of three
 * ways, decided once: its body returned a value (<em>succeeded</em>), threw (<em>failed</em>), or
 * it was {@linkplain #cancel cancelled} first. {@link #isDone()} is true from that moment on.
 *
 * <h2>Waiting</h2>
 * {@link #join()}, {@link #get()} and {@link #get(long, TimeUnit)} suspend only the calling
 * microthread (a plain thread calling them blocks). Waiters are woken in the order they started
 * waiting, each at the tail of its run queue; the microthread that completed the task keeps
 * running. Timeouts are measured on the waiting microthread's scheduler clock. A waiter that is
 * interrupted throws {@link InterruptedException} and its flag is cleared; a waiter called when
 * the task is already done returns at once, without looking at its interrupt flag (as
 * {@code FutureTask} does). Waiting for a task that can never end, on a scheduler where nothing
 * else can run, throws {@link DeadlockException}.
 *
 * <h2>Failures</h2>
 * The failure of a task's body is kept by the task, for whoever asks for the result: it is not
 * reported to any uncaught-exception handler (as with {@code ExecutorService.submit}). Use
 * {@link Microthread#start(Runnable)} for fire-and-forget work whose failures must be logged.
 * The exception rethrown (as the cause of a {@link CompletionException} or an
 * {@link ExecutionException}) is the very instance the body threw, with its own stack trace.
 *
 * <p>All methods may be called from any thread.
 *
 * @param <T> the type of the value
 */
public final class Task<T> implements Future<T> {
    private static final int RUNNING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;

    private final Callable<? extends T> body;
    private final Microthread thread;
    private final TaskScope scope;
    private final Runnable onEnd;
    private final Signal done;
    private final SchedulerCore home;
    /** Guarded by this. */
    private int state = RUNNING;
    private T value;
    private Throwable failure;

    private Task(Callable<? extends T> body, TaskScope scope, Runnable onEnd, SchedulerCore home) {
        this.body = body;
        this.scope = scope;
        this.onEnd = onEnd;
        this.thread = new Microthread(new Runnable() {
            @Override
            public void run() {
                runBody();
            }
        });
        this.home = home;
        this.done = new Signal(home);
    }

    /**
     * Creates a task running {@code body} in a new microthread, unstarted.
     *
     * @param core where it will run; null for the caller's scheduler, or the default one
     * @param scope the scope it is a child of, or null
     * @param onEnd run in the task's microthread when the body has ended (or was skipped), or null
     */
    static <T> Task<T> create(Callable<? extends T> body, SchedulerCore core, TaskScope scope, Runnable onEnd) {
        Objects.requireNonNull(body, "body");
        if (core == null) {
            core = SchedulerCore.current();
            if (core == null) {
                core = Scheduler.defaultScheduler().core();
            }
        }
        return new Task<T>(body, scope, onEnd, core);
    }

    /** Starts the task's microthread on its scheduler. */
    Task<T> start() {
        synchronized (thread.fiber()) {
            home.start(thread.fiber());
        }
        return this;
    }

    /** The core's record of the task's microthread. */
    Fiber fiber() {
        return thread.fiber();
    }

    /** Forks {@code body} on the caller's scheduler (the default one from a plain thread). */
    static <T> Task<T> fork(Callable<? extends T> body) {
        return Task.<T>create(body, null, null, null).start();
    }

    private void runBody() {
        try {
            if (isDone()) {
                return; // cancelled before it ran: the body never runs
            }
            T v;
            try {
                v = body.call();
            } catch (Throwable t) {
                if (complete(FAILED, null, t) && scope != null) {
                    scope.childFailed(this, t);
                }
                return;
            }
            complete(SUCCEEDED, v, null);
        } finally {
            if (onEnd != null) {
                onEnd.run();
            }
        }
    }

    private boolean complete(int outcome, T v, Throwable t) {
        synchronized (this) {
            if (state != RUNNING) {
                return false;
            }
            state = outcome;
            value = v;
            failure = t;
        }
        done.fire();
        return true;
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Waits for the task and returns its value, as {@link java.util.concurrent.CompletableFuture#join()}
     * does.
     *
     * @return the value the body returned
     * @throws CompletionException if the body failed; its cause is the exception the body threw
     *         (the same instance, its stack trace intact)
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException if the caller is interrupted while waiting (flag cleared)
     * @throws IllegalStateException if the task's own microthread joins it (it would wait forever)
     * @throws DeadlockException if the scheduler proves the task can never end
     */
    public T join() throws InterruptedException {
        awaitDone(-1);
        synchronized (this) {
            switch (state) {
                case SUCCEEDED:
                    return value;
                case FAILED:
                    throw new CompletionException(failure);
                default:
                    throw cancelled();
            }
        }
    }

    /**
     * Waits for the task and returns its value.
     *
     * @throws ExecutionException if the body failed; its cause is the exception the body threw
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException if the caller is interrupted while waiting (flag cleared)
     * @throws IllegalStateException if the task's own microthread calls it
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitDone(-1);
        return report();
    }

    /**
     * Waits at most {@code timeout} (on the caller's scheduler clock) for the task and returns its
     * value. A zero or negative timeout does not wait.
     *
     * @throws TimeoutException if the task is not done when the time runs out (it keeps running)
     * @throws ExecutionException if the body failed; its cause is the exception the body threw
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException if the caller is interrupted while waiting (flag cleared)
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        long nanos = Math.max(0L, unit.toNanos(timeout));
        if (!awaitDone(nanos)) {
            throw new TimeoutException(this + " is not done after " + timeout + " " + unit.toString().toLowerCase(java.util.Locale.ROOT));
        }
        return report();
    }

    private synchronized T report() throws ExecutionException {
        switch (state) {
            case SUCCEEDED:
                return value;
            case FAILED:
                throw new ExecutionException(failure);
            default:
                throw cancelled();
        }
    }

    private CancellationException cancelled() {
        return new CancellationException(this + " was cancelled");
    }

    /** @param nanos negative for no limit */
    private boolean awaitDone(long nanos) throws InterruptedException {
        if (isDone()) {
            return true;
        }
        if (Fiber.current() == thread.fiber()) {
            throw new IllegalStateException(this + " cannot wait for itself from its own microthread: it would wait forever");
        }
        return done.await(nanos, new Object() {
            @Override
            public String toString() {
                return "join of " + Task.this;
            }
        });
    }

    // ------------------------------------------------------------------ state

    /** Whether the task succeeded, failed or was cancelled. Never blocks. */
    @Override
    public synchronized boolean isDone() {
        return state != RUNNING;
    }

    /** Whether the task was cancelled before it completed. */
    @Override
    public synchronized boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * The value of a task that succeeded, without waiting (JDK 19 {@code Future.resultNow()}).
     *
     * @throws IllegalStateException if the task is not done, failed, or was cancelled
     */
    public synchronized T resultNow() {
        switch (state) {
            case SUCCEEDED:
                return value;
            case RUNNING:
                throw new IllegalStateException(this + " has not completed; call join() to wait for it");
            case FAILED:
                throw new IllegalStateException(this + " completed with an exception; see exceptionNow()", failure);
            default:
                throw new IllegalStateException(this + " was cancelled, so it has no result");
        }
    }

    /**
     * The exception a failed task's body threw, without waiting (JDK 19 {@code Future.exceptionNow()}).
     *
     * @throws IllegalStateException if the task is not done, succeeded, or was cancelled
     */
    public synchronized Throwable exceptionNow() {
        switch (state) {
            case FAILED:
                return failure;
            case RUNNING:
                throw new IllegalStateException(this + " has not completed; call join() to wait for it");
            case SUCCEEDED:
                throw new IllegalStateException(this + " completed with a result, not an exception");
            default:
                throw new IllegalStateException(this + " was cancelled, so it has no exception");
        }
    }

    /**
     * Cancels the task and interrupts its microthread: {@code cancel(true)}.
     *
     * @return true if this call cancelled the task; false if it was already done
     */
    public boolean cancel() {
        return cancel(true);
    }

    /**
     * Cancels the task if it is not done: it becomes done and cancelled at once, its waiters wake
     * up and get {@link CancellationException}, and whatever the body later returns or throws is
     * discarded. With {@code mayInterruptIfRunning} the task's microthread is
     * {@linkplain Microthread#interrupt() interrupted}, so a body waiting in a weft operation
     * stops with {@link InterruptedException} (and its {@code finally} blocks run); without it,
     * the body runs on. Either way, a body that has not started yet never runs. Cancelling does
     * not wait for the microthread to end: {@code microthread().join()} does.
     *
     * @return true if this call cancelled the task; false if it was already done
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        synchronized (this) {
            if (state != RUNNING) {
                return false;
            }
            state = CANCELLED;
        }
        if (mayInterruptIfRunning) {
            thread.interrupt();
        }
        done.fire();
        return true;
    }

    /** The microthread that runs (or ran) the body. */
    public Microthread microthread() {
        return thread;
    }

    @Override
    public String toString() {
        String s;
        synchronized (this) {
            s = state == RUNNING ? "running" : state == SUCCEEDED ? "succeeded" : state == FAILED ? "failed" : "cancelled";
        }
        return "Task[#" + thread.threadId() + "]/" + s;
    }
}
