package dev.weft.loom;

import jdk.internal.vm.ThreadContainer;

import java.util.stream.Stream;

/**
 * The JDK thread container of weft's virtual threads, instead of the JDK's root container.
 *
 * <p>By default ({@code -Djdk.trackAllThreads} unset or true) the root container adds every
 * virtual thread started with {@code Thread.start()} to a {@code ConcurrentHashMap} set when it
 * starts and removes it when it ends: a hash-table insert and delete per microthread, a 32-byte
 * node per live one, and a strong reference that keeps an abandoned virtual thread (one whose
 * microthread weft gave up on after a deadlock) reachable until the JVM exits. weft keeps its own
 * record of every live microthread ({@code Scheduler.microthreads()}, {@code Scheduler.dump()}),
 * so this container records nothing: starting and ending a thread in it costs two empty calls.
 *
 * <p>The cost: weft's virtual threads are not listed by the JDK's thread dumps
 * ({@code jcmd PID Thread.dump_to_file}), which walk the root container and the containers
 * registered with it; {@code Scheduler.dump()} lists them, with their stacks.
 *
 * <p>Loaded only when {@code java.base} exports {@code jdk.internal.vm} to weft (the loom
 * backend's {@code --add-exports}); without the export weft's threads go to the root container,
 * as plain virtual threads do.
 */
final class WeftThreadContainer extends ThreadContainer {
    static final WeftThreadContainer INSTANCE = new WeftThreadContainer();

    private WeftThreadContainer() {
        super(true); // shared: any thread may start threads in it, and it has no owner
    }

    @Override
    public String name() {
        return "weft";
    }

    @Override
    public Stream<Thread> threads() {
        return Stream.empty();
    }

    @Override
    public long threadCount() {
        return 0;
    }
}
