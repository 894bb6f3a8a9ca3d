package dev.weft.fallback.samples.twins;

/**
 * A recursion that only calls itself on {@code this}: woven (a subclass may override fib), and
 * pure for exact receivers (PlainTwins): with a receiver of exactly this class it runs its plain
 * copy even inside a continuation.
 */
public class Fibs {
    public int fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }
}
