package dev.weft.sync;

import dev.weft.internal.Fiber;
import dev.weft.internal.Wake;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;

/** The interruptible wait shared by the primitives whose waiters carry no payload. */
final class Waiting {
    private Waiting() {
    }

    /**
     * Queues {@code me} at the tail of {@code waiters} and parks it until signalled or the deadline.
     *
     * @param deadline on the scheduler clock, or {@link Fiber#NO_DEADLINE}
     * @param primitive named in the {@link InterruptedException}'s message
     * @return true if signalled, false if the deadline passed
     * @throws InterruptedException if interrupted while waiting; the flag is cleared
     */
    static boolean await(Fiber me, WaitQueue<WaitNode> waiters, Object blocker, long deadline, Object primitive)
            throws InterruptedException {
        WaitNode n = new WaitNode(me);
        waiters.add(n);
        Wake w = me.park(blocker, n, true, deadline);
        if (w == Wake.INTERRUPT) {
            me.consumeInterrupt();
            throw new InterruptedException("interrupted while awaiting " + Names.identity(primitive));
        }
        return w == Wake.SIGNAL;
    }
}
