package dev.weft.benchmarks.calls;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * {@code GeneratorBenchmark.rawContinuation}'s generator for {@code GeneratorCheck}: a bare
 * {@code jdk.internal.vm.Continuation} that yields a value from {@code depth} frames down. Here
 * because the agent never weaves this package: the check runs it in the same JVM as woven code.
 */
public final class JdkGenerator {
    private static final ContinuationScope SCOPE = new ContinuationScope("weft-check");
    private static final Integer VALUE = 42;

    private final Continuation continuation;
    private Object slot;

    public JdkGenerator(int depth) {
        continuation = new Continuation(SCOPE, () -> descend(depth));
    }

    /** Runs the body until its next yield and returns the value it left. */
    public Object next() {
        continuation.run();
        return slot;
    }

    private void descend(int d) {
        if (d > 1) {
            descend(d - 1);
            return;
        }
        while (true) {
            slot = VALUE;
            Continuation.yield(SCOPE);
        }
    }
}
