package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * {@link Fib} with its recursive calls made through an interface ({@link FibLike}), as most
 * calls between the classes of a program are: the field holds this same object, but for the
 * weaver the call may reach any class's method, so it is not a call within the class: it is
 * linked at run time (the weaver's {@code invokedynamic}, {@code dev.weft.fallback.Linkage}) to
 * the twin of the method it selects for the receiver's class, as a call to a method of another
 * class is. Before that linking, every call paid the token protocol inside a continuation (a
 * frame stack lookup, a token written, read and cleared, a test after the call).
 */
public class FibViaInterface implements IntUnaryOperator, FibLike {
    private final FibLike next = this;

    @Override
    public int applyAsInt(int n) {
        return fib(n);
    }

    @Override
    public int fib(int n) {
        if (n < 2) {
            return n;
        }
        return next.fib(n - 1) + next.fib(n - 2);
    }
}
