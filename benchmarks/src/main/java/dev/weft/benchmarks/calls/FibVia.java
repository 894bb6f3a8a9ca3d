package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * {@link Fib} with its recursive calls made on a field instead of on {@code this}: the same
 * calls, compares and adds (the field always holds this same object), but the weaver cannot tell
 * the receiver from any other object, whose class might override {@code fib} with a method that
 * suspends. So inside a continuation every call takes the woven path with its token protocol,
 * where {@code Fib}'s recursion on {@code this} is proven not to suspend for a receiver of exactly
 * this class and runs plain (the weaver's {@code PlainTwins}, "pure for exact receivers"). The
 * worst case of woven code in a microthread.
 */
public class FibVia implements IntUnaryOperator {
    private final FibVia next = this;

    @Override
    public int applyAsInt(int n) {
        return fib(n);
    }

    public int fib(int n) {
        if (n < 2) {
            return n;
        }
        return next.fib(n - 1) + next.fib(n - 2);
    }
}
