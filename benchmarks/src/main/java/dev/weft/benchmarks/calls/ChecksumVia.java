package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * {@link Checksum} with its per-element call made to another class ({@link Mixer}), which is not
 * woven: for the weaver the call may reach a woven method of any subclass, so it is a suspension
 * point, and the woven copy links it at run time ({@code dev.weft.fallback.Linkage}). The receiver's
 * method has no twin, so the linked call is the call as written behind a test of the receiver's
 * class (after the caller's token, in a continuation): what linking costs a call that it cannot
 * shortcut.
 */
public class ChecksumVia implements IntUnaryOperator {
    private final Mixer mixer = new Mixer();

    @Override
    public int applyAsInt(int n) {
        return checksum(n);
    }

    public int checksum(int n) {
        int acc = 17;
        for (int i = 0; i < n; i++) {
            acc = mixer.step(acc, i);
        }
        return acc;
    }
}
