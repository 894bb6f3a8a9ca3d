package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.Wake;
import dev.weft.internal.task.ScopeGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * Structured concurrency: a block of code that does not end until every microthread it forked
 * has ended, and that fails fast (like JDK 25's {@code StructuredTaskScope} with its default
 * policy, Trio's nursery, Kotlin's {@code coroutineScope}).
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open()) {
 *     Task<User>  user  = scope.fork(() -> findUser(id));
 *     Task<Order> order = scope.fork(() -> fetchOrder(id));
 *     scope.join();                       // both ended; throws if either failed
 *     return new Page(user.resultNow(), order.resultNow());
 * }
 * }</pre>
 *
 * <h2>Members</h2>
 * The microthread that {@linkplain #open() opens} a scope is its <em>owner</em>. The scope's
 * <em>members</em> are its children (the tasks made by {@link #fork}) and every microthread a
 * member starts (with {@link Microthread#start}, {@link Microthread#fork}, a builder, ...) while it
 * runs: grandchildren and their descendants, except members of a scope nested inside, which that
 * scope owns (the outer scope still counts and cancels them). {@link #join()} and
 * {@link #close()} return only when no member is alive.
 *
 * <h2>Failure and cancellation</h2>
 * The first child whose body throws <em>fails</em> the scope: at once, from that child's
 * microthread, every child task that is not done is {@linkplain Task#cancel cancelled} and every
 * live member is {@linkplain Microthread#interrupt() interrupted}, in start order (each goes to the
 * tail of the run queue, so their {@code finally} blocks run). {@link #join()} then waits for all
 * members to end and throws a {@link CompletionException} whose cause is that first exception, the
 * same instance. Only the first failure is reported: children ending after the scope was cancelled
 * are cancelled tasks, and what they throw (usually the {@link InterruptedException} of the
 * cancellation) is discarded. A failure of a grandchild does not fail the scope; it goes where it
 * would go outside a scope (its task, or its uncaught-exception handler).
 *
 * <h2>Rules of use</h2>
 * <ul>
 *   <li>{@link #open()} must be called from a microthread: {@link IllegalStateException} otherwise.</li>
 *   <li>{@link #fork} may be called by the owner or by a member, until {@link #join()} has
 *       returned or the scope was closed: {@link IllegalStateException} then, and from any other
 *       thread. Forking in a scope that a failure has cancelled returns a cancelled task whose
 *       body never runs.</li>
 *   <li>{@link #join()} may be called once, by the owner, before {@link #close()}:
 *       {@link IllegalStateException} otherwise.</li>
 *   <li>{@link #close()} must be called by the owner ({@link IllegalStateException} otherwise);
 *       closing twice does nothing. Closing a scope whose children were forked but never joined
 *       cancels them, waits, and then throws {@link IllegalStateException} (with the first
 *       failure, if any, as cause), so that a forgotten {@code join()} cannot lose a failure.</li>
 * </ul>
 * A scope is confined to its owner's scheduler. All methods run on the carrier; none is
 * thread-safe against plain threads.
 */
public final class TaskScope implements AutoCloseable {
    private static final int OPEN = 0;
    private static final int JOINING = 1;
    private static final int JOINED = 2;
    private static final int CLOSED = 3;

    private final Fiber owner;
    private final ScopeGroup group;
    private final List<Task<?>> children = new ArrayList<Task<?>>();
    private int state = OPEN;
    private boolean joinAttempted;
    private boolean cancelled;
    private Throwable failure;

    private TaskScope(Fiber owner) {
        this.owner = owner;
        this.group = new ScopeGroup(ScopeGroup.of(owner));
    }

    /**
     * Opens a scope owned by the calling microthread. Use it in try-with-resources.
     *
     * @throws IllegalStateException if called outside a microthread
     */
    public static TaskScope open() {
        return new TaskScope(Fiber.require("TaskScope.open"));
    }

    /**
     * Starts a child: a new microthread, member of this scope, running {@code body} on the
     * owner's scheduler; it is appended to the run queue and the caller keeps running.
     *
     * @return the child's task; already cancelled (its body never runs) if the scope was cancelled
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if {@link #join()} has returned or the scope is closed, or if
     *         the caller is neither the owner nor a member of this scope
     */
    public <T> Task<T> fork(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        Fiber me = Fiber.current();
        if (me != owner && (me == null || !group.contains(me))) {
            throw new IllegalStateException("TaskScope.fork called from " + describe(me) + ", which is neither the owner ("
                    + owner.thread + ") nor a member of the scope. Fork from the microthread that opened it, or from one of its children.");
        }
        if (state == JOINED || state == CLOSED) {
            throw new IllegalStateException("TaskScope.fork after " + (state == JOINED ? "join() returned" : "close()")
                    + ": a scope takes no new children then. Open a new scope.");
        }
        Task<T> t = Task.<T>create(body, owner.core(), this, null);
        t.fiber().setGroup(group);
        if (cancelled) {
            t.cancel(false); // never started: the body never runs
            return t;
        }
        children.add(t);
        return t.start();
    }

    /**
     * Waits until every member of the scope has ended (children, and the microthreads they
     * started), then reports the first failure, if any.
     *
     * <p>If the owner is interrupted while waiting, the scope is cancelled (as by a failure), the
     * wait continues until every member has ended, and then {@link InterruptedException} is
     * thrown with the interrupt flag cleared. An owner interrupted before calling {@code join()}
     * gets the same treatment.
     *
     * @throws CompletionException if a child failed: its cause is the exception that child's body
     *         threw first, the same instance
     * @throws InterruptedException if the owner was interrupted; the members have all ended
     * @throws IllegalStateException if called by another microthread than the owner, a second
     *         time, or after {@link #close()}
     * @throws DeadlockException if the members can never end
     */
    public void join() throws InterruptedException {
        checkOwner("join");
        if (state != OPEN) {
            throw new IllegalStateException("TaskScope.join called " + (state == CLOSED ? "after close()" : "a second time")
                    + ": join() is called once, before close().");
        }
        state = JOINING;
        joinAttempted = true;
        Wake w = group.awaitEmpty(owner, true, this);
        if (w == Wake.INTERRUPT) {
            cancel();
            group.awaitEmpty(owner, false, this);
            state = JOINED;
            owner.consumeInterrupt();
            throw new InterruptedException("TaskScope.join interrupted; the scope was cancelled and its members have ended");
        }
        state = JOINED;
        if (failure != null) {
            throw new CompletionException(failure);
        }
    }

    /**
     * Closes the scope: cancels every child that is not done, interrupts every live member, and
     * waits until all have ended. The wait cannot be interrupted: an interrupt that arrives meanwhile
     * stays set on the owner for its next blocking operation. Closing twice does nothing.
     *
     * @throws IllegalStateException if called by another microthread than the owner; or, after
     *         the members have ended, if children were forked and {@link #join()} was never
     *         called (its cause is the first failure, if a child failed)
     */
    @Override
    public void close() {
        checkOwner("close");
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        if (!group.isEmpty()) {
            cancel();
            group.awaitEmpty(owner, false, this);
        }
        if (!children.isEmpty() && !joinAttempted) {
            throw new IllegalStateException("TaskScope closed without join(): its " + children.size()
                    + " children were cancelled and have ended. Call join() before close() to wait for them and see their failures.",
                    failure);
        }
    }

    /** Called in the failing child's microthread, on the carrier. */
    void childFailed(Task<?> child, Throwable t) {
        if (cancelled) {
            return;
        }
        failure = t;
        cancel();
    }

    private void cancel() {
        cancelled = true;
        for (Task<?> c : children) {
            c.cancel(false);
        }
        group.interruptAll();
    }

    private void checkOwner(String op) {
        Fiber me = Fiber.current();
        if (me != owner) {
            throw new IllegalStateException("TaskScope." + op + " called from " + describe(me) + ", but only its owner "
                    + owner.thread + " (the microthread that opened it) may call " + op + "()");
        }
    }

    private static String describe(Fiber f) {
        return f == null ? "thread " + Thread.currentThread().getName() + " (not a microthread)" : f.thread.toString();
    }

    @Override
    public String toString() {
        return "TaskScope[owner " + owner.thread + ", " + children.size() + " children"
                + (cancelled ? ", cancelled" : "") + "]";
    }
}
