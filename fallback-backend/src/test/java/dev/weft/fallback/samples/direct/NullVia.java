package dev.weft.fallback.samples.direct;

/** A recursion through a field that is null: the call must fail as written, naming depth, not the weaver's check. */
public class NullVia implements Runnable {
    NullVia next;

    @Override
    public void run() {
        depth(2);
    }

    public String depth(int n) {
        if (n == 0) {
            dev.weft.fallback.Continuation.suspend();
            return "";
        }
        return next.depth(n - 1);
    }
}
