package dev.weft.fallback.samples.linked;

/** Five classes of {@link Hop} whose hop only reports its frames, and one call site that meets them all. */
public final class Leaves {
    private Leaves() {
    }

    public static Hop[] all() {
        return new Hop[] {new L1(), new L2(), new L3(), new L4(), new L5()};
    }

    /** Calls each hop at one call site: what the innermost frame of each ran, comma-separated. */
    public static String each(Hop[] hops) {
        StringBuilder kinds = new StringBuilder();
        for (Hop h : hops) {
            String frames = h.hop(0);
            kinds.append(kinds.length() == 0 ? "" : ",").append(frames, frames.indexOf(':') + 1, frames.indexOf(':') + 2);
        }
        return kinds.toString();
    }

    static final class L1 implements Hop {
        @Override
        public String hop(int n) {
            return Trace.bottom(false);
        }
    }

    static final class L2 implements Hop {
        @Override
        public String hop(int n) {
            return Trace.bottom(false);
        }
    }

    static final class L3 implements Hop {
        @Override
        public String hop(int n) {
            return Trace.bottom(false);
        }
    }

    static final class L4 implements Hop {
        @Override
        public String hop(int n) {
            return Trace.bottom(false);
        }
    }

    static final class L5 implements Hop {
        @Override
        public String hop(int n) {
            return Trace.bottom(false);
        }
    }
}
