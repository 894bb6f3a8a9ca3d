package dev.weft.examples;

import dev.weft.Microthread;
import dev.weft.Scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * The old recipe's demo: 2,000 microthreads compute Ackermann values, yielding every few
 * hundred calls, while a watchdog microthread stops whatever is still running after a time
 * limit. Everything runs on one carrier thread; nothing preempts anyone, yet the watchdog gets
 * its turn because every worker yields.
 *
 * <p>Run: {@code java -cp <classpath> dev.weft.examples.AckermannWatchdog [limitMillis]}
 */
public final class AckermannWatchdog {
    private static final int WORKERS = 2_000;
    private static final int YIELD_EVERY = 500;

    private AckermannWatchdog() {
    }

    public static void main(String[] args) {
        final long limitMillis = args.length > 0 ? Long.parseLong(args[0]) : 300;
        Scheduler scheduler = Scheduler.builder().name("ackermann").build();
        String summary = scheduler.run(() -> {
            final long[] finished = new long[1];
            final long[] stopped = new long[1];
            final long[] biggest = new long[1];
            final List<Microthread> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                // small arguments finish quickly, large ones would take far longer than the limit
                final int m = i % 4;
                final int n = (i / 4) % 10;
                Microthread w = Microthread.builder().name("ack-", i).start(() -> {
                    try {
                        long value = new Ackermann().ack(m, n);
                        finished[0]++;
                        biggest[0] = Math.max(biggest[0], value);
                    } catch (Stopped e) {
                        stopped[0]++;
                    }
                });
                workers.add(w);
            }
            Microthread watchdog = Microthread.builder().name("watchdog").start(() -> {
                try {
                    Microthread.sleep(limitMillis);
                } catch (InterruptedException e) {
                    return; // everyone finished before the limit
                }
                int n = 0;
                for (Microthread w : workers) {
                    if (w.isAlive()) {
                        w.interrupt();
                        n++;
                    }
                }
                System.out.println("watchdog: " + limitMillis + " ms are up, stopping " + n + " microthreads");
            });
            for (Microthread w : workers) {
                w.join();
            }
            watchdog.interrupt();
            return WORKERS + " microthreads on one carrier thread: " + finished[0] + " finished (largest value "
                    + biggest[0] + "), " + stopped[0] + " stopped by the watchdog";
        });
        System.out.println(summary);
        System.out.println("backend: " + scheduler.backend());
    }

    /** Signals that the watchdog interrupted a computation. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    /** The Ackermann function, giving the carrier back every {@value #YIELD_EVERY} calls. */
    static final class Ackermann {
        private int calls;

        long ack(long m, long n) {
            if (++calls % YIELD_EVERY == 0) {
                Microthread.yield();
                if (Microthread.interrupted()) {
                    throw new Stopped();
                }
            }
            if (m == 0) {
                return n + 1;
            }
            if (n == 0) {
                return ack(m - 1, 1);
            }
            return ack(m - 1, ack(m, n - 1));
        }
    }
}
