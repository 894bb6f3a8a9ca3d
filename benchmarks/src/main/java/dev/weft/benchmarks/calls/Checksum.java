package dev.weft.benchmarks.calls;

import java.util.function.IntUnaryOperator;

/**
 * A loop over small helpers, the shape of ordinary code: per element one call of {@code step},
 * which calls {@code mix}, with a dozen arithmetic instructions of real work. Woven, {@code step}
 * and {@code checksum} are instrumented (each makes a call that is a suspension point);
 * {@code mix} calls nothing and stays as it is.
 */
public final class Checksum implements IntUnaryOperator {
    @Override
    public int applyAsInt(int n) {
        return checksum(n);
    }

    static int checksum(int n) {
        int acc = 17;
        for (int i = 0; i < n; i++) {
            acc = step(acc, i);
        }
        return acc;
    }

    static int step(int acc, int i) {
        return mix(acc * 31 + i) ^ (i >>> 3);
    }

    static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }
}
