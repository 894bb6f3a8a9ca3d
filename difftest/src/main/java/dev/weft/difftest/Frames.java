package dev.weft.difftest;

/**
 * The nested method calls of an {@link Op.Call}: {@code depth} frames of one
 * {@link Op.FrameKind}, with the call's block run at the bottom. Whatever the block does
 * (suspend, yield a coroutine, throw) happens under all of them, so on the fallback backend every
 * frame is captured and restored.
 *
 * <p>Each frame holds a {@code long}, a {@code double}, an {@code int}, a {@code String} and a
 * boxed value that are functions of (call id, level), keeps a partial result on the operand
 * stack below the nested call, and after the call checks its locals against their expected
 * values; a wrong value is logged as a {@code CORRUPT} event (which the other backend does not
 * log, so the difference is reported). The checksum each call returns is logged too.
 */
final class Frames {
    private Frames() {
    }

    static long call(Interpreter in, Op.Call c, Interpreter.YieldTarget target) {
        return switch (c.frames()) {
            case STATIC -> staticFrame(in, c, target, c.depth(), a(c, c.depth()), b(c, c.depth()), s(c, c.depth()));
            case VIRTUAL -> (c.depth() % 2 == 0 ? EVEN : ODD)
                    .enter(in, c, target, c.depth(), a(c, c.depth()), b(c, c.depth()), s(c, c.depth()));
            case LAMBDA -> lambdaFrame(in, c, target, c.depth());
            case FINALLY -> finallyFrame(in, c, target, c.depth(), a(c, c.depth()));
        };
    }

    // the expected values of a frame's locals
    static long a(Op.Call c, int level) {
        return c.id() * 1_000_003L + (long) level * level + (1L << 40);
    }

    static double b(Op.Call c, int level) {
        return c.id() * 0.25 + level / 8.0;
    }

    static String s(Op.Call c, int level) {
        return "call" + c.id() + "/" + level;
    }

    private static long bottom(Interpreter in, Op.Call c, Interpreter.YieldTarget target) {
        in.exec(c.body(), target);
        return 1;
    }

    private static void check(Interpreter in, Op.Call c, int level, long a, double b, int i, String s, Object boxed) {
        String corrupt = corruption(c, level, a, b, i, s, boxed);
        if (corrupt != null) {
            in.log(corrupt);
        }
    }

    /** Null if a frame's locals have their expected values, else the {@code CORRUPT} event to log. */
    static String corruption(Op.Call c, int level, long a, double b, int i, String s, Object boxed) {
        if (a == a(c, level) && b == b(c, level) && i == level * 3 + 1 && s.equals(s(c, level))
                && Integer.valueOf(level).equals(boxed)) {
            return null;
        }
        return "CORRUPT frame " + level + " of call#" + c.id() + ": a=" + a + " b=" + b + " i=" + i + " s=" + s
                + " boxed=" + boxed;
    }

    private static long staticFrame(Interpreter in, Op.Call c, Interpreter.YieldTarget target, int level,
                                    long a, double b, String s) {
        int i = level * 3 + 1;
        Object boxed = level;
        long r = level == 0 ? bottom(in, c, target)
                : a % 1000 + 31 * staticFrame(in, c, target, level - 1, a(c, level - 1), b(c, level - 1), s(c, level - 1));
        check(in, c, level, a, b, i, s, boxed);
        return r + i;
    }

    /** One level of {@link Op.FrameKind#VIRTUAL}: two implementations call each other through this interface. */
    private interface Level {
        long enter(Interpreter in, Op.Call c, Interpreter.YieldTarget target, int level, long a, double b, String s);
    }

    private static final Level EVEN = new Even();
    private static final Level ODD = new Odd();

    private static final class Even implements Level {
        @Override
        public long enter(Interpreter in, Op.Call c, Interpreter.YieldTarget target, int level, long a, double b,
                          String s) {
            int i = level * 3 + 1;
            Object boxed = level;
            double partial = b * 2;
            long r = level == 0 ? bottom(in, c, target)
                    : (long) partial + ODD.enter(in, c, target, level - 1, a(c, level - 1), b(c, level - 1), s(c, level - 1));
            check(in, c, level, a, b, i, s, boxed);
            return r * 3 + i;
        }
    }

    private static final class Odd implements Level {
        @Override
        public long enter(Interpreter in, Op.Call c, Interpreter.YieldTarget target, int level, long a, double b,
                          String s) {
            int i = level * 3 + 1;
            Object boxed = level;
            long r = s.length() + EVEN.enter(in, c, target, level - 1, a(c, level - 1), b(c, level - 1), s(c, level - 1));
            check(in, c, level, a, b, i, s, boxed);
            return r * 5 + i;
        }
    }

    /** {@link Op.FrameKind#LAMBDA}: each level is a capturing lambda of this interface. */
    @FunctionalInterface
    private interface LevelBody {
        long run(int factor);
    }

    private static long lambdaFrame(Interpreter in, Op.Call c, Interpreter.YieldTarget target, int level) {
        long a = a(c, level);
        double b = b(c, level);
        String s = s(c, level);
        int i = level * 3 + 1;
        Object boxed = level;
        LevelBody body = factor -> {
            long inner = level == 0 ? bottom(in, c, target) : lambdaFrame(in, c, target, level - 1);
            check(in, c, level, a, b, i, s, boxed);
            return inner * factor + a % 97;
        };
        return body.run(7);
    }

    private static long finallyFrame(Interpreter in, Op.Call c, Interpreter.YieldTarget target, int level, long a) {
        int i = level * 3 + 1;
        try {
            return level == 0 ? bottom(in, c, target) : a % 13 + finallyFrame(in, c, target, level - 1, a(c, level - 1)) * 11;
        } finally {
            check(in, c, level, a, b(c, level), i, s(c, level), level);
            in.log("finally of frame " + level + " of call#" + c.id());
        }
    }
}
