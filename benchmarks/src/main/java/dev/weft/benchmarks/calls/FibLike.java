package dev.weft.benchmarks.calls;

/** What {@link FibViaInterface} calls its recursion through. */
public interface FibLike {
    int fib(int n);
}
