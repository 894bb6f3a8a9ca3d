package dev.weft.benchmarks.calls;

/**
 * The helpers of {@link ChecksumVia}, in a class of their own that is never woven (its methods
 * cannot suspend), as most of a program's callees are: a getter, a formatter, a hash.
 */
public class Mixer {
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
