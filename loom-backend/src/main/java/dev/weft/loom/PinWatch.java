package dev.weft.loom;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns a would-be silent hang into an exception: a virtual thread that parks while pinned to
 * its carrier (a native frame or a class initializer on its stack) does not unmount, it parks the
 * carrier thread itself, and on a single carrier nothing could ever wake it.
 *
 * <h2>Implementation notes</h2>
 * While weft runs a strand, {@link LoomCarrier#running} names it and {@link LoomCarrier#runs}
 * counts dispatches. A strand that suspends normally unmounts within microseconds and the
 * carrier's {@code run()} returns. So a strand seen parked by weft, with the same dispatch still
 * in progress, on {@value #SAMPLES} consecutive samples {@value #PERIOD_MILLIS} ms apart, is
 * pinned: this daemon marks it and unparks it (for a pinned virtual thread that unparks the
 * carrier), and its {@code suspend()} throws. Cost when nothing is pinned: one sample of two
 * volatile fields per carrier every {@value #PERIOD_MILLIS} ms.
 */
final class PinWatch implements Runnable {
    static final long PERIOD_MILLIS = 200;
    static final int SAMPLES = 3;

    private static final Set<LoomCarrier> CARRIERS = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;

    private PinWatch() {
    }

    static void watch(LoomCarrier c) {
        CARRIERS.add(c);
        if (thread == null) {
            synchronized (PinWatch.class) {
                if (thread == null) {
                    Thread t = new Thread(new PinWatch(), "weft-pin-watch");
                    t.setDaemon(true);
                    t.start();
                    thread = t;
                }
            }
        }
    }

    static void unwatch(LoomCarrier c) {
        CARRIERS.remove(c);
    }

    @Override
    public void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (LoomCarrier c : CARRIERS) {
                sample(c);
            }
        }
    }

    private static void sample(LoomCarrier c) {
        LoomStrand s = c.running;
        long runs = c.runs;
        if (s == null || !s.parkedByWeft) {
            c.suspect = null;
            return;
        }
        if (c.suspect != s || c.suspectRuns != runs) {
            c.suspect = s;
            c.suspectRuns = runs;
            c.suspectSamples = 1;
            return;
        }
        if (++c.suspectSamples >= SAMPLES) {
            c.suspect = null;
            s.pinned = true;
            LockSupport.unpark(s.thread);
        }
    }
}
