package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A FIFO queue of waiting fibers (SPEC rule 4): an intrusive doubly linked list of
 * {@link WaitNode}s, so that a waiter woken by timeout or interrupt leaves in O(1) and the
 * remaining order is untouched. Carrier-thread only; not thread-safe.
 */
public final class WaitQueue<N extends WaitNode> {
    private WaitNode head;
    private WaitNode tail;
    private int size;

    /** Appends a node at the tail. */
    public void add(N node) {
        if (node.queue != null) {
            throw new IllegalStateException("wait node already queued");
        }
        node.queue = this;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    /** The oldest node, or null. */
    @SuppressWarnings("unchecked")
    public N peek() {
        return (N) head;
    }

    /** Removes and returns the oldest node, or null. */
    public N poll() {
        N n = peek();
        if (n != null) {
            remove(n);
        }
        return n;
    }

    /** Whether no one waits. */
    public boolean isEmpty() {
        return head == null;
    }

    /** How many wait. */
    public int size() {
        return size;
    }

    void remove(WaitNode node) {
        if (node.queue != this) {
            return;
        }
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = node.next = null;
        node.queue = null;
        size--;
    }

    /** A snapshot, oldest first. */
    @SuppressWarnings("unchecked")
    public List<N> snapshot() {
        List<N> out = new ArrayList<N>(size);
        for (WaitNode n = head; n != null; n = n.next) {
            out.add((N) n);
        }
        return out;
    }
}
