package dev.weft;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds microthreads, like {@code Thread.ofVirtual()}:
 * {@code Microthread.builder().name("worker-", 0).daemon(true).start(r)}.
 *
 * <p>A builder is not thread-safe; the {@link #factory() factory} it makes is.
 */
public final class MicrothreadBuilder {
    private String name = "";
    private AtomicLong counter;
    private Boolean daemon;
    private Microthread.UncaughtExceptionHandler handler;

    MicrothreadBuilder() {
    }

    /** Every microthread gets this name. */
    public MicrothreadBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.counter = null;
        return this;
    }

    /**
     * Names microthreads {@code prefix + start}, {@code prefix + (start + 1)}, ... in creation order.
     * A {@link #factory() factory} made later gets its own copy of the counter.
     *
     * @throws IllegalArgumentException if {@code start} is negative
     */
    public MicrothreadBuilder name(String prefix, long start) {
        if (start < 0) {
            throw new IllegalArgumentException("start is negative: " + start);
        }
        this.name = Objects.requireNonNull(prefix, "prefix");
        this.counter = new AtomicLong(start);
        return this;
    }

    /** Whether the microthreads are daemons; by default they inherit the creator's status. */
    public MicrothreadBuilder daemon(boolean on) {
        this.daemon = on;
        return this;
    }

    /** The handler for their uncaught failures. */
    public MicrothreadBuilder uncaughtExceptionHandler(Microthread.UncaughtExceptionHandler h) {
        this.handler = Objects.requireNonNull(h, "handler");
        return this;
    }

    /** A new unstarted microthread running {@code task}. */
    public Microthread unstarted(Runnable task) {
        return create(Objects.requireNonNull(task, "task"), nextName(), daemon, handler);
    }

    /** A new started microthread running {@code task}. */
    public Microthread start(Runnable task) {
        Microthread t = unstarted(task);
        t.start();
        return t;
    }

    /**
     * A thread-safe factory with this builder's current settings. As with
     * {@code Thread.Builder.factory()}, a counter set by {@link #name(String, long)} is copied: the
     * factory starts at the builder's current value and counts on its own, and the builder's
     * counter does not move when the factory creates microthreads.
     */
    public MicrothreadFactory factory() {
        final String prefix = name;
        final AtomicLong c = counter == null ? null : new AtomicLong(counter.get());
        final Boolean d = daemon;
        final Microthread.UncaughtExceptionHandler h = handler;
        return new MicrothreadFactory() {
            @Override
            public Microthread newMicrothread(Runnable task) {
                Objects.requireNonNull(task, "task");
                return create(task, c == null ? prefix : prefix + c.getAndIncrement(), d, h);
            }
        };
    }

    private String nextName() {
        return counter == null ? name : name + counter.getAndIncrement();
    }

    private static Microthread create(Runnable task, String n, Boolean daemon,
                                      Microthread.UncaughtExceptionHandler handler) {
        Microthread t = new Microthread(task, n);
        if (daemon != null) {
            t.setDaemon(daemon);
        }
        if (handler != null) {
            t.setUncaughtExceptionHandler(handler);
        }
        return t;
    }
}
