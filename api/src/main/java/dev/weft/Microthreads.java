package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;
import dev.weft.internal.task.Signal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Structured helpers over microthreads (the seeds' {@code start_in_parallel}, {@code parallel_map}
 * and {@code generate}).
 */
public final class Microthreads {
    private Microthreads() {
    }

    // ------------------------------------------------------------------ tasks: parallelMap, newPerTaskExecutor
    // (owned by the tasks work; keep this section apart from the channels section below)

    /**
     * A function that may throw checked exceptions (such as the {@link InterruptedException} of
     * a sleep), for {@link #parallelMap}. A {@code java.util.function.Function f} adapts as
     * {@code f::apply}.
     */
    @FunctionalInterface
    public interface CheckedFunction<T, R> {
        R apply(T item) throws Exception;
    }

    /**
     * Applies {@code fn} to every item, each in its own microthread, and returns the results in
     * the order of the items, whatever order the microthreads finish in (the seeds'
     * {@code parallel_map}).
     *
     * <p>The items are read once, up front; null items are passed to {@code fn} as they are. The
     * microthreads are children of a {@link TaskScope} owned by the caller, started in item order
     * (so, with no suspension in {@code fn}, they also run in item order), and the call returns
     * only when every one of them, and everything they started, has ended. The first {@code fn}
     * to throw cancels the others (each is interrupted, its {@code finally} blocks run) and, once
     * all have ended, is rethrown as the cause of a {@link CompletionException}, the same
     * instance. An empty {@code items} returns an empty list without starting anything.
     *
     * @return an unmodifiable list: element {@code i} is {@code fn} applied to item {@code i}
     * @throws CompletionException if {@code fn} failed on some item; its cause is the first failure
     * @throws InterruptedException if the caller is interrupted while waiting; the microthreads
     *         were cancelled and have ended; the flag is cleared
     * @throws NullPointerException if {@code fn} or {@code items} is null
     * @throws IllegalStateException if called outside a microthread
     */
    public static <T, R> List<R> parallelMap(final CheckedFunction<? super T, ? extends R> fn, Iterable<? extends T> items)
            throws InterruptedException {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Fiber.require("Microthreads.parallelMap");
        List<T> in = new ArrayList<T>();
        for (T item : items) {
            in.add(item);
        }
        if (in.isEmpty()) {
            return Collections.emptyList();
        }
        List<Task<R>> tasks = new ArrayList<Task<R>>(in.size());
        try (TaskScope scope = TaskScope.open()) {
            for (final T item : in) {
                tasks.add(scope.fork(new Callable<R>() {
                    @Override
                    public R call() throws Exception {
                        return fn.apply(item);
                    }
                }));
            }
            scope.join();
        }
        List<R> out = new ArrayList<R>(tasks.size());
        for (Task<R> t : tasks) {
            out.add(t.resultNow());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * An {@link ExecutorService} that is also {@link AutoCloseable} on every JDK (as
     * {@code ExecutorService} is from JDK 19), and whose {@code submit} methods return a
     * {@link Task}.
     */
    public interface TaskExecutor extends ExecutorService, AutoCloseable {
        @Override
        <T> Task<T> submit(Callable<T> task);

        @Override
        Task<?> submit(Runnable task);

        @Override
        <T> Task<T> submit(Runnable task, T result);

        /**
         * Shuts down and waits for every task to end, as JDK 19's {@code ExecutorService.close()}:
         * if the caller is interrupted while waiting, the running tasks are interrupted
         * ({@link #shutdownNow()}), the wait goes on, and the caller's interrupt flag is set
         * again at the end. Closing a terminated executor does nothing.
         */
        @Override
        void close();
    }

    /**
     * An executor that runs each task in a new microthread, like
     * {@code Executors.newVirtualThreadPerTaskExecutor()}. Its microthreads run on the scheduler
     * of the microthread that calls this method (the {@linkplain Scheduler#defaultScheduler()
     * default scheduler} when called from a plain thread), whichever thread submits the tasks.
     * Tasks belong to the executor, not to the {@link TaskScope} of the submitter.
     *
     * <ul>
     *   <li>{@code submit} returns a {@link Task}; the task keeps its failure.
     *       {@code execute} starts a plain microthread, whose failure goes to the uncaught-exception
     *       handlers.</li>
     *   <li>{@code shutdown()} refuses new tasks ({@link java.util.concurrent.RejectedExecutionException})
     *       and lets the running ones finish; {@code shutdownNow()} also interrupts them and
     *       returns an empty list (no task ever waits in a queue). The executor is terminated
     *       once it is shut down and every task's microthread has finished its task.</li>
     *   <li>{@code awaitTermination}, {@code invokeAll} and {@code invokeAny} wait as
     *       {@link Task#get()} does (suspending a calling microthread, blocking a plain thread),
     *       with timeouts on the caller's clock. On timeout or interrupt, {@code invokeAll}
     *       cancels (interrupts) the tasks not done; {@code invokeAny} cancels the others as soon
     *       as one has succeeded, and throws {@link java.util.concurrent.ExecutionException} (with
     *       the last failure as cause) if all failed.</li>
     *   <li>Every method may be called from any thread.</li>
     * </ul>
     */
    public static TaskExecutor newPerTaskExecutor() {
        SchedulerCore core = SchedulerCore.current();
        if (core == null) {
            core = Scheduler.defaultScheduler().core();
        }
        return new PerTaskExecutor(core);
    }

    /** See {@link #newPerTaskExecutor()}. State is guarded by this object's monitor. */
    private static final class PerTaskExecutor implements TaskExecutor {
        private final SchedulerCore core;
        private final Signal terminated;
        private final Set<Microthread> live = new LinkedHashSet<Microthread>();
        private boolean shutdown;

        PerTaskExecutor(SchedulerCore core) {
            this.core = core;
            this.terminated = new Signal(core);
        }

        private final Runnable ended = new Runnable() {
            @Override
            public void run() {
                ended(Microthread.current());
            }
        };

        private void ended(Microthread m) {
            boolean term;
            synchronized (this) {
                live.remove(m);
                term = shutdown && live.isEmpty();
            }
            if (term) {
                terminated.fire();
            }
        }

        private void admit(Microthread m) {
            synchronized (this) {
                if (shutdown) {
                    throw new RejectedExecutionException(this + " is shut down; it accepts no new tasks");
                }
                live.add(m);
            }
        }

        private void launch(Microthread m) {
            try {
                core.start(m.fiber()); // a fresh microthread: nobody else can have started it
            } catch (RejectedExecutionException e) {
                ended(m);
                throw e;
            }
        }

        private <T> Task<T> start(Callable<T> body) {
            Task<T> t = Task.create(body, core, null, ended);
            t.fiber().setGroup(null);
            admit(t.microthread());
            launch(t.microthread());
            return t;
        }

        @Override
        public <T> Task<T> submit(Callable<T> task) {
            return start(Objects.requireNonNull(task, "task"));
        }

        @Override
        public Task<?> submit(Runnable task) {
            return start(Executors.callable(Objects.requireNonNull(task, "task")));
        }

        @Override
        public <T> Task<T> submit(Runnable task, T result) {
            return start(Executors.callable(Objects.requireNonNull(task, "task"), result));
        }

        @Override
        public void execute(final Runnable command) {
            Objects.requireNonNull(command, "command");
            Microthread m = new Microthread(new Runnable() {
                @Override
                public void run() {
                    try {
                        command.run();
                    } finally {
                        ended(Microthread.current());
                    }
                }
            });
            m.fiber().setGroup(null);
            admit(m);
            launch(m);
        }

        @Override
        public void shutdown() {
            boolean term;
            synchronized (this) {
                shutdown = true;
                term = live.isEmpty();
            }
            if (term) {
                terminated.fire();
            }
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown();
            List<Microthread> running;
            synchronized (this) {
                running = new ArrayList<Microthread>(live);
            }
            for (Microthread m : running) {
                m.interrupt();
            }
            return new ArrayList<Runnable>();
        }

        @Override
        public synchronized boolean isShutdown() {
            return shutdown;
        }

        @Override
        public synchronized boolean isTerminated() {
            return shutdown && live.isEmpty();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            Objects.requireNonNull(unit, "unit");
            return terminated.await(Math.max(0L, unit.toNanos(timeout)), "termination of " + this);
        }

        @Override
        public void close() {
            if (isTerminated()) {
                return;
            }
            shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    terminated.await(-1, "termination of " + this);
                    break;
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        shutdownNow();
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Microthread me = Microthread.current();
                if (me != null) {
                    me.interrupt();
                } else {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static <T> List<Callable<T>> checked(Collection<? extends Callable<T>> tasks) {
            Objects.requireNonNull(tasks, "tasks");
            List<Callable<T>> out = new ArrayList<Callable<T>>(tasks.size());
            for (Callable<T> c : tasks) {
                out.add(Objects.requireNonNull(c, "a task in the collection is null"));
            }
            return out;
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            List<Callable<T>> cs = checked(tasks);
            List<Future<T>> fs = new ArrayList<Future<T>>(cs.size());
            try {
                for (Callable<T> c : cs) {
                    fs.add(start(c));
                }
                for (Future<T> f : fs) {
                    try {
                        f.get();
                    } catch (ExecutionException | CancellationException ignored) {
                        // the future reports it
                    }
                }
                return fs;
            } catch (InterruptedException | RuntimeException e) {
                cancelAll(fs);
                throw e;
            }
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            Objects.requireNonNull(unit, "unit");
            List<Callable<T>> cs = checked(tasks);
            long deadline = now() + Math.max(0L, unit.toNanos(timeout));
            List<Future<T>> fs = new ArrayList<Future<T>>(cs.size());
            try {
                for (Callable<T> c : cs) {
                    fs.add(start(c));
                }
                for (Future<T> f : fs) {
                    long left = deadline - now();
                    if (left <= 0 && !f.isDone()) {
                        break;
                    }
                    try {
                        f.get(Math.max(0L, left), TimeUnit.NANOSECONDS);
                    } catch (ExecutionException | CancellationException ignored) {
                        // the future reports it
                    } catch (TimeoutException e) {
                        break;
                    }
                }
                cancelAll(fs);
                return fs;
            } catch (InterruptedException | RuntimeException e) {
                cancelAll(fs);
                throw e;
            }
        }

        private static long now() {
            Scheduler s = Scheduler.current();
            return s == null ? System.nanoTime() : s.clock().nanoTime();
        }

        private static <T> void cancelAll(List<Future<T>> fs) {
            for (Future<T> f : fs) {
                f.cancel(true);
            }
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
            try {
                return any(tasks, -1);
            } catch (TimeoutException e) {
                throw new AssertionError(e); // no deadline
            }
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            Objects.requireNonNull(unit, "unit");
            return any(tasks, Math.max(0L, unit.toNanos(timeout)));
        }

        private <T> T any(Collection<? extends Callable<T>> tasks, long nanos)
                throws InterruptedException, ExecutionException, TimeoutException {
            List<Callable<T>> cs = checked(tasks);
            if (cs.isEmpty()) {
                throw new IllegalArgumentException("invokeAny needs at least one task, but the collection is empty");
            }
            final FirstSuccess<T> first = new FirstSuccess<T>(cs.size(), core);
            List<Future<T>> fs = new ArrayList<Future<T>>(cs.size());
            try {
                for (final Callable<T> c : cs) {
                    fs.add(start(new Callable<T>() {
                        @Override
                        public T call() throws Exception {
                            try {
                                T v = c.call();
                                first.succeeded(v);
                                return v;
                            } catch (Exception | Error e) {
                                first.failed(e);
                                throw e;
                            }
                        }
                    }));
                }
                if (!first.signal.await(nanos, "invokeAny on " + this)) {
                    throw new TimeoutException("invokeAny: no task succeeded within " + nanos + " ns; the tasks were cancelled");
                }
                return first.result();
            } finally {
                cancelAll(fs);
            }
        }

        @Override
        public String toString() {
            return "PerTaskExecutor@" + Integer.toHexString(System.identityHashCode(this)) + "[" + core.name() + "]";
        }
    }

    /** The outcome of invokeAny: the first value, or the last failure once all failed. */
    private static final class FirstSuccess<T> {
        final Signal signal;
        private final int count;
        private int failures;
        private boolean succeeded;
        private T value;
        private Throwable lastFailure;

        FirstSuccess(int count, SchedulerCore core) {
            this.count = count;
            this.signal = new Signal(core);
        }

        void succeeded(T v) {
            synchronized (this) {
                if (succeeded) {
                    return;
                }
                succeeded = true;
                value = v;
            }
            signal.fire();
        }

        void failed(Throwable t) {
            synchronized (this) {
                lastFailure = t;
                if (++failures < count) {
                    return;
                }
            }
            signal.fire();
        }

        synchronized T result() throws ExecutionException {
            if (succeeded) {
                return value;
            }
            throw new ExecutionException("invokeAny: all " + count + " tasks failed; the cause is the last failure", lastFailure);
        }
    }



    // ------------------------------------------------------------------ channels: generate
    // (owned by the channels work)

    /**
     * The body of a {@link #generate} producer.
     *
     * @param <T> the type of the values
     */
    @FunctionalInterface
    public interface Producer<T> {
        /**
         * Sends values into {@code sink}; returning closes it, throwing closes it with the failure.
         *
         * @param sink the channel the reader receives from
         * @throws Exception any failure, delivered to the reader as the close cause
         */
        void produce(Channel<T> sink) throws Exception;
    }

    /**
     * Returns a rendezvous channel fed by a new microthread that runs {@code producer} with the
     * channel as its sink (the seeds' {@code generate}): a lazy stream, since each send waits for
     * the reader to take the value.
     *
     * <pre>{@code
     * Channel<Integer> squares = Microthreads.generate(sink -> {
     *     for (int i = 1; i <= 3; i++) sink.send(i * i);
     * });
     * for (int s : squares) System.out.println(s);   // 1, 4, 9, then the loop ends
     * }</pre>
     *
     * <ul>
     *   <li>The producer microthread, named {@code "generator"}, is started now (appended to the
     *       run queue; the caller keeps running). It is a daemon only if the caller is, so
     *       {@link Scheduler#run} waits for it: a reader that is done should
     *       {@linkplain Channel#close() close} the channel, and the producer ends at its next
     *       send. A reader that abandons the channel without closing it leaves the producer
     *       blocked in {@code send} for ever, which the scheduler reports as a
     *       {@link DeadlockException} naming the producer, rather than ending it silently.</li>
     *   <li>When the producer returns, the channel is {@linkplain Channel#close() closed}: the
     *       reader gets the values sent so far, then its loop ends.</li>
     *   <li>When the producer throws, the channel is {@linkplain Channel#close(Throwable) closed
     *       with that failure}: after the values sent so far, the reader's receive (or loop)
     *       throws {@link ChannelClosedException} whose cause is the producer's exception.
     *       So a failure travels down a pipeline of generators, each stage wrapping it once.</li>
     *   <li>A reader that has had enough {@linkplain Channel#close() closes} the channel: the
     *       producer's next (or current) send throws {@link ChannelClosedException}, so its
     *       {@code finally} blocks run and it ends. That exception ends the producer quietly. Any
     *       other failure of a producer whose channel the reader closed cannot reach the reader;
     *       it goes to the uncaught-exception handlers, so nothing is lost.</li>
     *   <li>An {@link Error} thrown by the producer closes the channel with it and is then
     *       rethrown to the handlers as well.</li>
     * </ul>
     *
     * @param <T> the type of the values
     * @param producer the body of the producer microthread; it sends into the channel it is given
     * @return the channel the producer feeds, to read from this microthread or others of its scheduler
     * @throws NullPointerException if {@code producer} is null
     * @throws IllegalStateException if not called from a microthread (the channel could only be
     *         read from one)
     */
    public static <T> Channel<T> generate(final Producer<T> producer) {
        java.util.Objects.requireNonNull(producer, "Microthreads.generate: the producer is null");
        dev.weft.internal.Fiber.require("Microthreads.generate");
        final Channel<T> channel = Channel.rendezvous();
        Microthread t = new Microthread(new Runnable() {
            @Override
            public void run() {
                runProducer(producer, channel);
            }
        }, "generator");
        t.start();
        return channel;
    }

    private static <T> void runProducer(Producer<T> producer, Channel<T> channel) {
        try {
            producer.produce(channel);
        } catch (ChannelClosedException e) {
            if (!channel.isClosedForSend()) {
                channel.close(e); // from another channel, e.g. a failed upstream stage: pass it on
            }
            // else the reader closed our channel and our send failed: the producer's way to stop
            return;
        } catch (Throwable failure) {
            if (!channel.close(failure) || failure instanceof Error) {
                sneakyThrow(failure); // the reader cannot get it (or must not miss it): the handlers do
            }
            return;
        }
        channel.close();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

}
