package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * Naive recursive Fibonacci: nothing but calls, compares and adds, so the weaving's cost per call
 * is all there is to see (the worst case for it). {@code fib(20)} makes 21,891 calls of {@code fib}.
 * Woven, both {@code fib} (its two recursive calls are suspension points) and
 * {@code applyAsInt} are instrumented.
 */
public final class Fib implements IntUnaryOperator {
    @Override
    public int applyAsInt(int n) {
        return fib(n);
    }

    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }
}
