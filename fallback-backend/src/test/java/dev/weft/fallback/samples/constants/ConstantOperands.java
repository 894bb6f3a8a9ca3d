package dev.weft.fallback.samples.constants;

import static dev.weft.fallback.Continuation.suspend;

import dev.weft.fallback.testing.Events;

/**
 * A call whose arguments are constants of every kind, suspending inside it: the constants are
 * pushed again when the call is made again on resume, not saved. Shaped like
 * {@code Event.await}'s call {@code Waiting.await(me, waiters, blocker, Fiber.NO_DEADLINE, this)}.
 * (In a package of its own so that the count of {@code AllSamplesVerifyTest}, which lists the
 * samples package alone, stays as it is; {@code WeavingLoader} verifies it when it weaves it.)
 */
public final class ConstantOperands implements Runnable {
    /** A compile-time constant, like {@code Fiber.NO_DEADLINE}: javac inlines it as {@code ldc2_w}. */
    static final long NO_DEADLINE = Long.MIN_VALUE;
    /** Inlined as {@code ldc2_w} of a double. */
    static final double RATE = 0.1;

    // Parameters it never writes: a resumed frame gets them back from the re-issued call.
    void await(StringBuilder built, int minusOne, int small, int medium, int large, long deadline, long one,
            double rate, double zero, float f, String name, Class<?> type, Object nothing) {
        suspend();
        Events.add(built + " " + minusOne + " " + small + " " + medium + " " + large + " " + deadline + " " + one
                + " " + rate + " " + zero + " " + f + " " + name + " " + type.getName() + " " + nothing);
    }

    @Override
    public void run() {
        // this: reloaded from local 0; new StringBuilder: computed, spilled; every other argument
        // is a constant instruction (iconst_m1, bipush, sipush, ldc int, ldc2_w long, lconst_1,
        // ldc2_w double, dconst_0, ldc float, ldc string, ldc class, aconst_null).
        await(new StringBuilder("built"), -1, 100, 1000, 100000, NO_DEADLINE, 1L, RATE, 0.0, 2.5f, "name",
                String.class, null);
    }

    /** Computed wide operands between constants: only they get spill slots, side by side. */
    public static final class Mixed implements Runnable {
        static void record(long computedLong, long constantLong, double computedDouble, int constantInt) {
            suspend();
            Events.add(computedLong + " " + constantLong + " " + computedDouble + " " + constantInt);
        }

        @Override
        public void run() {
            // Long.parseLong and Double.parseDouble are JDK calls, not points: their results are
            // spilled (two slots each); NO_DEADLINE (ldc2_w) and 3 (iconst_3) are pushed again.
            record(Long.parseLong("5"), NO_DEADLINE, Double.parseDouble("0.5"), 3);
        }
    }
}
