package dev.weft.internal;

import java.util.PriorityQueue;

/**
 * Pending timers, earliest deadline first, ties in creation order (SPEC rule 5).
 * Carrier-thread only. Cancelled timers stay in the heap until they reach the top, which keeps
 * cancel O(1); {@link #live} counts the ones that still matter.
 */
final class TimerQueue {
    /** One pending action. */
    static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long seq;
        Runnable action;

        Timer(long deadline, long seq, Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        boolean isCancelled() {
            return action == null;
        }

        @Override
        public int compareTo(Timer o) {
            // deadlines are compared by difference so that nanoTime wrap-around is harmless
            long d = deadline - o.deadline;
            if (d != 0) {
                return d < 0 ? -1 : 1;
            }
            return Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<Timer>();
    private long nextSeq;
    private int live;

    Timer add(long deadline, Runnable action) {
        Timer t = new Timer(deadline, nextSeq++, action);
        heap.add(t);
        live++;
        return t;
    }

    void cancel(Timer t) {
        if (t.action != null) {
            t.action = null;
            live--;
        }
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** The earliest live timer, or null. */
    Timer peek() {
        Timer t = heap.peek();
        while (t != null && t.isCancelled()) {
            heap.poll();
            t = heap.peek();
        }
        return t;
    }

    /** Removes the earliest timer if its deadline is at or before {@code now}; returns its action. */
    Runnable pollDue(long now) {
        Timer t = peek();
        if (t == null || t.deadline - now > 0) {
            return null;
        }
        heap.poll();
        Runnable a = t.action;
        t.action = null;
        live--;
        return a;
    }
}
