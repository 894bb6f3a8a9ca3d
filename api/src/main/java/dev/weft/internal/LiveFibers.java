package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The started, not yet ended fibers of one core, in start order: an intrusive doubly linked list
 * through {@link Fiber#livePrev} and {@link Fiber#liveNext}, so that keeping a microthread in it
 * costs two fields and no node object. Carrier-confined.
 */
final class LiveFibers {
    private Fiber head;
    private Fiber tail;
    private int size;

    void add(Fiber f) {
        f.livePrev = tail;
        f.liveNext = null;
        if (tail == null) {
            head = f;
        } else {
            tail.liveNext = f;
        }
        tail = f;
        size++;
    }

    /** Removes {@code f} if it is in the list. */
    void remove(Fiber f) {
        if (f.livePrev == null && head != f) {
            return; // not in the list (a fiber is in its own core's list or in none)
        }
        if (f.livePrev == null) {
            head = f.liveNext;
        } else {
            f.livePrev.liveNext = f.liveNext;
        }
        if (f.liveNext == null) {
            tail = f.livePrev;
        } else {
            f.liveNext.livePrev = f.livePrev;
        }
        f.livePrev = null;
        f.liveNext = null;
        size--;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        while (head != null) {
            remove(head);
        }
    }

    /** A copy, in start order, safe to iterate while fibers are added or removed. */
    List<Fiber> snapshot() {
        List<Fiber> result = new ArrayList<Fiber>(size);
        for (Fiber f = head; f != null; f = f.liveNext) {
            result.add(f);
        }
        return result;
    }
}
