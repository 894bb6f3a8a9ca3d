package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A FIFO queue of waiting fibers (SPEC rule 4): an intrusive, circular doubly linked list of
 * {@link WaitNode}s through a sentinel node, so that a waiter woken by timeout or interrupt leaves
 * in O(1) without knowing its queue, and the remaining order is untouched. Carrier-thread only;
 * not thread-safe.
 */
public final class WaitQueue<N extends WaitNode> {
    /** Before the oldest node and after the newest: {@code ends.next} is the head, {@code ends.prev} the tail. */
    private final WaitNode ends = new WaitNode(null);

    public WaitQueue() {
        ends.prev = ends;
        ends.next = ends;
    }

    /** Appends a node at the tail. */
    public void add(N node) {
        if (node.next != null) {
            throw new IllegalStateException("wait node already queued");
        }
        WaitNode last = ends.prev;
        node.prev = last;
        node.next = ends;
        last.next = node;
        ends.prev = node;
    }

    /** The oldest node, or null. */
    @SuppressWarnings("unchecked")
    public N peek() {
        WaitNode head = ends.next;
        return head == ends ? null : (N) head;
    }

    /** Removes and returns the oldest node, or null. */
    public N poll() {
        N n = peek();
        if (n != null) {
            n.unlink();
        }
        return n;
    }

    /** Whether no one waits. */
    public boolean isEmpty() {
        return ends.next == ends;
    }

    /** How many wait (counted: for reports, not for hot paths). */
    public int size() {
        int n = 0;
        for (WaitNode w = ends.next; w != ends; w = w.next) {
            n++;
        }
        return n;
    }

    /** A snapshot, oldest first. */
    @SuppressWarnings("unchecked")
    public List<N> snapshot() {
        List<N> out = new ArrayList<N>();
        for (WaitNode n = ends.next; n != ends; n = n.next) {
            out.add((N) n);
        }
        return out;
    }
}
