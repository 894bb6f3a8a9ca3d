package dev.weft.internal;

import dev.weft.SchedulerClock;

/** The two clocks of SPEC rule 6. */
final class Clocks {
    private Clocks() {
    }

    static final SchedulerClock SYSTEM = new SchedulerClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean isVirtual() {
            return false;
        }

        @Override
        public String toString() {
            return "system clock";
        }
    };

    /** Moved only by its scheduler, when nothing is runnable. */
    static final class Virtual implements SchedulerClock {
        private volatile long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public boolean isVirtual() {
            return true;
        }

        void advanceTo(long t) {
            if (t - now > 0) {
                now = t;
            }
        }

        @Override
        public String toString() {
            return "virtual clock at " + now + " ns";
        }
    }
}
