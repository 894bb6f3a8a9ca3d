package dev.weft.benchmarks;

import dev.weft.Microthread;

/**
 * Workload 1, "switch": its size, and the body of weft's contenders on both backends
 * ({@link SwitchBenchmark#weftLoomYield}, {@link FallbackSwitchBenchmark#weftFallbackYield}). Java
 * 17 source, no JDK-internal type: the fallback contenders are compiled again for JDK 17 (see
 * {@code run.sh}).
 */
final class SwitchWorkload {
    /** Hand-offs per side per invocation. */
    static final int ROUNDS = 10_000;
    /** Switches per invocation: each round of each side ends in one switch. */
    static final int SWITCHES = 2 * ROUNDS;

    private SwitchWorkload() {
    }

    /**
     * Two microthreads on a new scheduler of {@code backend}, each calling
     * {@link Microthread#yield()} {@link #ROUNDS} times. weft's run queue is FIFO and holds only
     * the other one (SPEC §2, rules 1 and 2), so every yield hands the carrier to the other side: a
     * step counter checks that the two strictly alternate.
     *
     * @return the yields that came back, {@link #SWITCHES}
     * @throws IllegalStateException if a yield did not switch, or a side did not finish its rounds
     */
    static int weft(String backend) {
        return WeftRun.on(backend, () -> {
            Steps steps = new Steps();
            Microthread other = Microthread.start(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    steps.take(true);
                    Microthread.yield();
                }
            });
            for (int i = 0; i < ROUNDS; i++) {
                steps.take(false);
                Microthread.yield();
            }
            other.join();
            if (steps.taken != SWITCHES) {
                throw new IllegalStateException("weft switch: " + steps.taken + " of " + SWITCHES + " yields");
            }
            return steps.taken;
        });
    }

    /** The main microthread takes the even steps, the one it started the odd ones. */
    private static final class Steps {
        int taken;

        void take(boolean odd) {
            if (((taken & 1) == 1) != odd) {
                throw new IllegalStateException("weft switch: Microthread.yield() did not switch microthreads (step "
                        + taken + " taken by the " + (odd ? "started" : "main") + " microthread twice in a row)");
            }
            taken++;
        }
    }
}
