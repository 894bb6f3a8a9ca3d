package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * Naive recursive Fibonacci: nothing but calls, compares and adds, so the weaving's cost per call
 * is all there is to see (the worst case for it). {@code fib(20)} makes 21,891 calls of {@code fib}.
 * Woven, both {@code fib} (its two recursive calls are suspension points) and
 * {@code applyAsInt} are instrumented.
 *
 * <p>{@code fib} is a public instance method of a class that is not final, so its recursive calls
 * are {@code invokevirtual}s that a subclass could override with a method that suspends: the weaver
 * cannot know their target and must keep them as suspension points. Written as a static, private
 * or final method of this class, {@code fib} would not be woven at all (the weaver drops exact calls
 * within a class to methods that cannot suspend, {@code IntraClassCalls}), and there would be no
 * weaving to measure. Both copies run with no subclass loaded, so the JIT can devirtualise the calls
 * in both alike.
 */
public class Fib implements IntUnaryOperator {
    @Override
    public int applyAsInt(int n) {
        return fib(n);
    }

    public int fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }
}
