package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * A loop over small helpers, the shape of ordinary code: per element one call of {@code step},
 * which calls {@code mix}, with a dozen arithmetic instructions of real work. Woven, {@code step}
 * and {@code checksum} are instrumented (each makes a call that is a suspension point);
 * {@code mix} calls nothing and stays as it is.
 *
 * <p>The helpers are public instance methods of a class that is not final, so a subclass could
 * override {@code mix} with a method that suspends: the weaver cannot know which {@code mix} a call
 * runs and keeps it as a suspension point, and then {@code step}, which may suspend, is one too. As
 * static, private or final methods of this class they would not be woven at all (the weaver drops
 * exact calls within a class to methods that cannot suspend, {@code IntraClassCalls}), and there
 * would be no weaving to measure. Both copies run with no subclass loaded, so the JIT can
 * devirtualise the calls in both alike.
 */
public class Checksum implements IntUnaryOperator {
    @Override
    public int applyAsInt(int n) {
        return checksum(n);
    }

    public int checksum(int n) {
        int acc = 17;
        for (int i = 0; i < n; i++) {
            acc = step(acc, i);
        }
        return acc;
    }

    public int step(int acc, int i) {
        return mix(acc * 31 + i) ^ (i >>> 3);
    }

    public int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }
}
