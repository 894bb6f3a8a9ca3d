package dev.weft.benchmarks;

import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The floor for a virtual-thread switch: the least a single-carrier scheduler can do. Virtual
 * threads built with this executor as their scheduler hand their continuation to
 * {@link #execute}; {@link #runUntilIdle()} runs those continuations on the calling thread in FIFO
 * order until none is left.
 *
 * <p>Not thread-safe, on purpose: in these benchmarks every {@code execute} comes from the
 * carrier itself (a start, or an unpark by a virtual thread it is running), so any locking would
 * only raise the floor. Do not use it where another thread may unpark.
 */
final class SingleCarrier implements Executor {
    private static final Constructor<?> VIRTUAL_THREAD_BUILDER = builderConstructor();

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    private static Constructor<?> builderConstructor() {
        try {
            Constructor<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            return k;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach java.lang.ThreadBuilders$VirtualThreadBuilder(Executor);"
                    + " run with " + Jvm.OPEN_LANG, e);
        }
    }

    /** A virtual thread, not started, scheduled by this carrier. */
    Thread newThread(Runnable task) {
        try {
            return ((Thread.Builder.OfVirtual) VIRTUAL_THREAD_BUILDER.newInstance(this)).unstarted(task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a virtual thread with a custom scheduler", e);
        }
    }

    @Override
    public void execute(Runnable continuation) {
        ready.add(continuation);
    }

    /** Runs ready continuations on the calling thread until there is none. */
    void runUntilIdle() {
        Runnable next;
        while ((next = ready.poll()) != null) {
            next.run();
        }
    }
}
