package dev.weft;

import dev.weft.internal.Dumps;
import dev.weft.internal.Fiber;
import dev.weft.internal.Log;
import dev.weft.internal.SchedulerCore;
import dev.weft.internal.Threads;
import dev.weft.spi.Backend;
import dev.weft.spi.Backends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs microthreads, one at a time, on a single carrier thread (SPEC §2).
 *
 * <pre>{@code
 * int answer = Scheduler.builder().virtualTime().build().run(() -> {
 *     Microthread.start(() -> System.out.println("child"));
 *     Microthread.sleep(Duration.ofHours(1)); // instant on the virtual clock
 *     return 42;
 * });
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>At most one microthread runs at a time; it runs until it suspends or ends.</li>
 *   <li>The run queue is FIFO: start, yield and every wake-up append at the tail; the starter or
 *       waker keeps running.</li>
 *   <li>When the running microthread suspends, every due timer fires (earliest deadline first,
 *       ties in creation order), then the head of the run queue runs.</li>
 *   <li>Events from other threads (work submitted with {@link #execute}, interrupts, wake-ups
 *       from outside weft) enter the run queue when it is empty, and otherwise at least once
 *       every {@value dev.weft.internal.SchedulerCore#OUTSIDE_EVERY} dispatches.</li>
 *   <li>With the virtual clock and no outside events, a program produces the same sequence of
 *       events on every run and on every backend.</li>
 *   <li>When microthreads wait and nothing can ever wake them, {@link #run} does not hang: each
 *       waiting operation throws {@link DeadlockException}, and so does {@code run}.</li>
 * </ul>
 *
 * <p>A scheduler made by {@link #create()} or a {@link Builder} runs once, with {@link #run}.
 * The {@linkplain #defaultScheduler() default scheduler} runs forever on its own daemon carrier
 * and takes the microthreads started from plain threads.
 */
public final class Scheduler implements AutoCloseable {
    private static final long DEFAULT_STALL_NANOS = TimeUnit.SECONDS.toNanos(
            Long.getLong("weft.stallWarningSeconds", 10L));
    /** The default schedulers made so far, one per backend (copy on write; at most one per installed backend). */
    private static volatile Scheduler[] defaultSchedulers = new Scheduler[0];

    private final boolean isDefault;

    private final SchedulerCore core;
    private final Microthread.UncaughtExceptionHandler handler;
    private final AtomicBoolean ran = new AtomicBoolean();

    private Scheduler(Builder b, boolean openWorld) {
        this.isDefault = openWorld;
        this.handler = b.handler;
        this.core = new SchedulerCore(b.name, Backends.select(b.backend), b.virtualTime, openWorld,
                b.stallNanos, this, new SchedulerCore.UncaughtHandler() {
                    @Override
                    public void uncaught(Microthread t, Throwable e) {
                        dispatchUncaught(t, e);
                    }
                });
    }

    /** A scheduler with the system clock and the best available backend. */
    public static Scheduler create() {
        return builder().build();
    }

    /** A builder for a scheduler. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The scheduler of the calling microthread, or null if the caller is not a microthread.
     */
    public static Scheduler current() {
        SchedulerCore c = SchedulerCore.current();
        return c == null ? null : (Scheduler) c.facade();
    }

    /**
     * The scheduler that runs microthreads started from plain threads: started on first use, on
     * its own daemon carrier thread named {@code weft-default-carrier}, with the system clock. It
     * accepts work from other threads, so it never reports a deadlock; it logs a stall warning
     * instead. It cannot be closed.
     *
     * <p>Each backend has its own default scheduler, and this returns the one of the backend
     * weft selects now: the one named by {@code -Dweft.backend}, else the best available (see
     * {@link Backends}). A JVM that never changes that property therefore always gets the same
     * scheduler. One that does (the conformance runner, which runs the suite once per backend in
     * one JVM) gets a second default scheduler, on a carrier named
     * {@code weft-default-carrier-<backend>}, and the first one keeps running what it has.
     *
     * @throws IllegalStateException if no backend can run, or the one requested cannot
     */
    public static Scheduler defaultScheduler() {
        Backend backend = Backends.select(null);
        for (Scheduler s : defaultSchedulers) {
            if (s.core.backend() == backend) {
                return s;
            }
        }
        return startDefault(backend);
    }

    private static synchronized Scheduler startDefault(Backend backend) {
        Scheduler[] all = defaultSchedulers;
        for (Scheduler s : all) {
            if (s.core.backend() == backend) {
                return s; // another thread started it first
            }
        }
        Scheduler s = new Scheduler(builder().name("default").backend(backend.name()), true);
        final SchedulerCore c = s.core;
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                c.loop();
            }
        }, all.length == 0 ? "weft-default-carrier" : "weft-default-carrier-" + backend.name());
        t.setDaemon(true);
        t.start();
        Scheduler[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = s;
        defaultSchedulers = grown;
        return s;
    }

    SchedulerCore core() {
        return core;
    }

    // ------------------------------------------------------------------ run

    /**
     * Runs {@code main} as the first microthread, named {@code "main"}, and returns its result
     * once it and every non-daemon microthread have ended. Daemon microthreads still alive then
     * are interrupted and allowed to finish. The calling thread is the carrier; called from a
     * virtual thread or from inside another scheduler, a dedicated carrier thread runs the
     * scheduler and the caller waits for it.
     *
     * @return what {@code main} returned
     * @throws DeadlockException if the microthreads deadlocked (its message lists them)
     * @throws RuntimeException or {@link Error} thrown by {@code main}, as is
     * @throws CompletionException wrapping a checked exception thrown by {@code main}
     * @throws IllegalStateException if this scheduler has run before or has been closed
     */
    public <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        if (core.isOpenWorld()) {
            throw new IllegalStateException("the default scheduler runs on its own carrier; start microthreads on it instead");
        }
        if (core.isClosed()) {
            throw new IllegalStateException(this + " is closed; it cannot run. Create another scheduler.");
        }
        if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException(this + " has already run; a scheduler runs once. Create another.");
        }
        if (Threads.isVirtual(Thread.currentThread()) || SchedulerCore.current() != null) {
            return runOnDedicatedCarrier(main);
        }
        return runHere(main);
    }

    /** Runs {@code main}; see {@link #run(Callable)}. */
    public void run(final CheckedRunnable main) {
        Objects.requireNonNull(main, "main");
        run(new Callable<Void>() {
            @Override
            public Void call() throws Exception {
                main.run();
                return null;
            }
        });
    }

    private <T> T runHere(Callable<T> main) {
        MainBody<T> body = new MainBody<T>(main);
        Microthread m = new Microthread(body, "main");
        m.startOn(core);
        core.loop();
        String deadlock = core.deadlockMessage();
        if (deadlock != null) {
            if (body.failure instanceof DeadlockException) {
                throw (DeadlockException) body.failure;
            }
            DeadlockException e = new DeadlockException(deadlock);
            if (body.failure != null) {
                e.addSuppressed(body.failure);
            }
            throw e;
        }
        if (body.failure != null) {
            throw rethrow(body.failure);
        }
        return body.result;
    }

    private <T> T runOnDedicatedCarrier(final Callable<T> main) {
        final AtomicReference<Object> result = new AtomicReference<Object>();
        final AtomicReference<Throwable> failure = new AtomicReference<Throwable>();
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    result.set(runHere(main));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }
        }, "weft-carrier-" + core.name());
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the scheduler owns its microthreads; wait for them, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw rethrow(failure.get());
        }
        @SuppressWarnings("unchecked")
        T r = (T) result.get();
        return r;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new CompletionException(t);
    }

    private static final class MainBody<T> implements Runnable {
        private final Callable<T> main;
        T result;
        Throwable failure;

        MainBody(Callable<T> main) {
            this.main = main;
        }

        @Override
        public void run() {
            try {
                result = main.call();
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    // ------------------------------------------------------------------ work from anywhere

    /**
     * Starts a new microthread running {@code task} on this scheduler, from any thread.
     *
     * @return the started microthread
     * @throws RejectedExecutionException if the scheduler has finished or is closed
     */
    public Microthread execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Microthread t = new Microthread(task);
        t.startOn(core);
        return t;
    }

    // ------------------------------------------------------------------ uncaught failures

    private void dispatchUncaught(Microthread t, Throwable e) {
        Microthread.UncaughtExceptionHandler h = t.getUncaughtExceptionHandler();
        if (h == null) {
            h = handler;
        }
        if (h != null) {
            h.uncaughtException(t, e);
        } else {
            Log.uncaught(t, e);
        }
    }

    // ------------------------------------------------------------------ introspection

    /** The name of the backend this scheduler runs on: {@code "loom"} or {@code "fallback"}. */
    public String backend() {
        return core.backend().name();
    }

    /** The name given by {@link Builder#name}. */
    public String name() {
        return core.name();
    }

    /** The clock that sleeps and timeouts on this scheduler are measured on. */
    public SchedulerClock clock() {
        return core.clock();
    }

    /** The live microthreads, in start order. From another thread, a consistent snapshot. */
    public List<Microthread> microthreads() {
        List<Fiber> fibers = onCarrier(new Callable<List<Fiber>>() {
            @Override
            public List<Fiber> call() {
                return core.liveFibers();
            }
        }, Collections.<Fiber>emptyList());
        List<Microthread> out = new ArrayList<Microthread>(fibers.size());
        for (Fiber f : fibers) {
            out.add(f.thread);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A report of every live microthread: name, id, state, what it waits on, and its stack.
     */
    public String dump() {
        return onCarrier(new Callable<String>() {
            @Override
            public String call() {
                return Dumps.fibers(core);
            }
        }, this + ": not running\n");
    }

    private <R> R onCarrier(final Callable<R> query, R ifNotRunning) {
        try {
            if (core.isCarrier()) {
                return query.call();
            }
            if (core.isFinished() || core.carrierThread() == null) {
                return ifNotRunning;
            }
            final AtomicReference<R> out = new AtomicReference<R>(ifNotRunning);
            final CountDownLatch done = new CountDownLatch(1);
            core.post(new Runnable() {
                @Override
                public void run() {
                    try {
                        out.set(query.call());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                }
            });
            done.await();
            return out.get();
        } catch (RejectedExecutionException e) {
            return ifNotRunning;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ifNotRunning;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Closes this scheduler: it accepts no more work, and its live microthreads are interrupted.
     * {@link #run} returns once they have ended. Closing twice does nothing. The default
     * scheduler cannot be closed.
     *
     * @throws UnsupportedOperationException on the default scheduler
     */
    @Override
    public void close() {
        if (isDefault) {
            throw new UnsupportedOperationException("the default scheduler cannot be closed");
        }
        core.close();
    }

    @Override
    public String toString() {
        return "Scheduler[" + core.name() + ", " + backend() + (clock().isVirtual() ? ", virtual time" : "") + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Configures a {@link Scheduler}. Not thread-safe. */
    public static final class Builder {
        private String backend;
        private boolean virtualTime;
        private String name = "weft";
        private Microthread.UncaughtExceptionHandler handler;
        private long stallNanos = DEFAULT_STALL_NANOS;

        Builder() {
        }

        /**
         * Forces a backend ({@code "loom"} or {@code "fallback"}); by default the system property
         * {@code weft.backend} decides, else the best available backend.
         */
        public Builder backend(String name) {
            this.backend = Objects.requireNonNull(name, "backend");
            return this;
        }

        /** Measures time on a virtual clock (SPEC rule 6) instead of the system clock. */
        public Builder virtualTime() {
            this.virtualTime = true;
            return this;
        }

        /** The scheduler's name, shown in dumps and errors. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The handler for failures of microthreads that have none of their own. */
        public Builder uncaughtExceptionHandler(Microthread.UncaughtExceptionHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * How long a scheduler that cannot prove a deadlock waits, with microthreads alive and
         * none runnable, before it logs a stall warning with a dump. Default 10 seconds (system
         * property {@code weft.stallWarningSeconds}).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder stallWarning(Duration quiet) {
            long n = dev.weft.internal.Durations.toNanos(Objects.requireNonNull(quiet, "quiet"));
            if (n <= 0) {
                throw new IllegalArgumentException("stall warning period must be positive: " + quiet);
            }
            this.stallNanos = n;
            return this;
        }

        /**
         * Creates the scheduler.
         *
         * @throws IllegalStateException if the chosen backend cannot run; the message says what to add
         */
        public Scheduler build() {
            return new Scheduler(this, false);
        }
    }
}
