package dev.weft;

/** Creates unstarted microthreads; see {@link MicrothreadBuilder#factory()}. Thread-safe. */
@FunctionalInterface
public interface MicrothreadFactory {
    /** A new, unstarted microthread that runs {@code task}. */
    Microthread newMicrothread(Runnable task);
}
