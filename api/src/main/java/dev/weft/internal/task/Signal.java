package dev.weft.internal.task;

import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A one-shot event that microthreads of any scheduler and plain threads can wait for: a task's
 * completion, an executor's termination.
 *
 * <h2>Implementation notes</h2>
 * The state and the list of waiting microthreads are guarded by this object's monitor, because
 * {@link #fire()} may come from any thread (a {@code Future.cancel} from a plain thread, for
 * example). A plain thread waits on the monitor. A microthread links a {@link WaitNode} into a
 * private one-node {@link WaitQueue} and parks; {@link #fire()} wakes it on its own carrier:
 * directly when the firing code runs on that carrier (so the woken side goes to the tail of the
 * run queue and the firer keeps running, rule 3), else through {@link SchedulerCore#post}. A wake
 * by timeout, interrupt or deadlock unlinks the node first, so a late fire finds it unlinked and
 * does nothing. Waiters are woken in the order they started waiting (rule 4).
 *
 * <p>A microthread of the signal's home scheduler waits without holding its scheduler open, so
 * waiting for something that can never happen is reported as a deadlock; one of another
 * scheduler holds its own scheduler open ({@link SchedulerCore#holdOutside()}) while it waits.
 */
public final class Signal {
    private final SchedulerCore home;
    private boolean fired;
    private List<Waiter> waiters;

    /**
     * @param home the scheduler whose microthreads normally fire this signal, or null if unknown
     */
    public Signal(SchedulerCore home) {
        this.home = home;
    }

    /** Whether {@link #fire()} has been called. */
    public synchronized boolean isFired() {
        return fired;
    }

    /** Fires the signal and wakes every waiter, oldest first. Any thread; later calls do nothing. */
    public void fire() {
        List<Waiter> ws;
        synchronized (this) {
            if (fired) {
                return;
            }
            fired = true;
            ws = waiters;
            waiters = null;
            notifyAll();
        }
        if (ws != null) {
            for (Waiter w : ws) {
                w.wake();
            }
        }
    }

    /**
     * Waits until the signal fires.
     *
     * @param nanos the longest wait, on the waiting microthread's scheduler clock (on the system
     *              clock for a plain thread); negative means no limit
     * @param blocker what the waiter waits on, for dumps and deadlock reports
     * @return true if fired, false if the time ran out
     * @throws InterruptedException if the waiter is interrupted before or while waiting (flag cleared)
     */
    public boolean await(long nanos, Object blocker) throws InterruptedException {
        Fiber me = Fiber.current();
        if (me == null) {
            return awaitFromThread(nanos);
        }
        me.checkInterrupt();
        SchedulerCore core = me.core();
        WaitQueue<WaitNode> slot = new WaitQueue<WaitNode>();
        WaitNode node = new WaitNode(me);
        slot.add(node);
        Waiter w = new Waiter(core, node);
        synchronized (this) {
            if (fired) {
                return true;
            }
            if (nanos == 0) {
                return false;
            }
            if (waiters == null) {
                waiters = new ArrayList<Waiter>(2);
            }
            waiters.add(w);
        }
        boolean foreign = core != home;
        if (foreign) {
            core.holdOutside();
        }
        Wake wake;
        try {
            wake = me.park(blocker, node, true, nanos < 0 ? Fiber.NO_DEADLINE : core.deadlineAfter(nanos));
        } finally {
            if (foreign) {
                core.releaseOutsideHold();
            }
            if (node.isLinked()) {
                node.unlink(); // woken by a deadlock abort
            }
        }
        if (wake == Wake.SIGNAL) {
            return true;
        }
        synchronized (this) {
            if (waiters != null) {
                waiters.remove(w);
            }
        }
        if (wake == Wake.INTERRUPT) {
            me.consumeInterrupt();
            throw new InterruptedException();
        }
        return false;
    }

    /** {@link #await} for a plain thread: waits on this object's monitor, on the system clock. */
    private synchronized boolean awaitFromThread(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (nanos < 0) {
            while (!fired) {
                wait();
            }
            return true;
        }
        long end = System.nanoTime() + nanos;
        while (!fired) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(left / 1_000_000L, (int) (left % 1_000_000L));
        }
        return true;
    }

    /** A parked microthread and how to wake it on its carrier. */
    private static final class Waiter implements Runnable {
        final SchedulerCore core;
        final WaitNode node;

        Waiter(SchedulerCore core, WaitNode node) {
            this.core = core;
            this.node = node;
        }

        void wake() {
            if (SchedulerCore.current() == core) {
                run();
            } else {
                try {
                    core.post(this);
                } catch (RejectedExecutionException finished) {
                    // its scheduler has ended, and the waiter with it
                }
            }
        }

        @Override
        public void run() {
            if (node.isLinked()) { // still waiting: not woken by timeout, interrupt or deadlock
                node.unlink();
                node.fiber.unpark(Wake.SIGNAL);
            }
        }
    }
}
