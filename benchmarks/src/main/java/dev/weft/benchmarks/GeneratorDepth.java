package dev.weft.benchmarks;

import dev.weft.Generator;

/**
 * The body of every generator contender built on weft's {@link Generator}: it yields
 * {@link #VALUE} for ever from {@code depth} nested calls down. Java 17 source, no JDK-internal
 * type: the fallback contenders are compiled again for JDK 17 (see {@code run.sh}).
 */
final class GeneratorDepth {
    /** The value every contender hands over (boxed once, so no contender allocates per value). */
    static final Integer VALUE = 42;

    private GeneratorDepth() {
    }

    /** Calls itself down to depth 1, then yields {@link #VALUE} for ever. */
    static void descend(Generator.Yielder<Integer> y, int d) {
        if (d > 1) {
            descend(y, d - 1);
            return;
        }
        while (true) {
            y.yield(VALUE);
        }
    }
}
