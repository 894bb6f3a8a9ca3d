package dev.weft.internal.task;

import dev.weft.internal.Fiber;
import dev.weft.internal.WaitNode;
import dev.weft.internal.WaitQueue;
import dev.weft.internal.Wake;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The live microthreads of one task scope: its children and every microthread they (and their
 * descendants) started while in the scope.
 *
 * <h2>Implementation notes</h2>
 * Carrier-confined, like the rest of the core. A fiber records only its innermost group
 * ({@link Fiber#group()}); {@link #enter} and {@link #exit} walk up the {@link #parent} chain, so
 * an outer scope also counts the members of the scopes nested in it and waits for them even if
 * an inner scope was abandoned without being closed. Members are kept in start order, which is
 * the order {@link #interruptAll()} wakes them in. Only the owner waits ({@link #awaitEmpty}); the
 * last member to leave wakes it.
 */
public final class ScopeGroup implements Fiber.Group {
    private final ScopeGroup parent;
    private final Set<Fiber> members = new LinkedHashSet<Fiber>();
    private WaitNode waiter;

    /** @param parent the group the scope's owner belongs to, or null */
    public ScopeGroup(ScopeGroup parent) {
        this.parent = parent;
    }

    /** The group of the calling microthread if it is a scope group, else null. */
    public static ScopeGroup of(Fiber f) {
        Fiber.Group g = f == null ? null : f.group();
        return g instanceof ScopeGroup ? (ScopeGroup) g : null;
    }

    @Override
    public void enter(Fiber f) {
        members.add(f);
        if (parent != null) {
            parent.enter(f);
        }
    }

    @Override
    public void exit(Fiber f) {
        members.remove(f);
        if (members.isEmpty() && waiter != null && waiter.isLinked()) {
            WaitNode w = waiter;
            waiter = null;
            w.unlink();
            w.fiber.unpark(Wake.SIGNAL);
        }
        if (parent != null) {
            parent.exit(f);
        }
    }

    /** Whether {@code f} is a member of this group (directly or through a nested scope). */
    public boolean contains(Fiber f) {
        return members.contains(f);
    }

    /** Whether no member is alive. */
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Interrupts every live member, in start order. */
    public void interruptAll() {
        for (Fiber f : new ArrayList<Fiber>(members)) {
            f.interrupt();
        }
    }

    /**
     * Parks the owner until every member has ended.
     *
     * @param interruptible whether an interrupt ends the wait
     * @return {@link Wake#SIGNAL} once empty, or {@link Wake#INTERRUPT}
     */
    public Wake awaitEmpty(Fiber owner, boolean interruptible, Object blocker) {
        while (!members.isEmpty()) {
            WaitQueue<WaitNode> slot = new WaitQueue<WaitNode>();
            WaitNode n = new WaitNode(owner);
            slot.add(n);
            waiter = n;
            Wake w;
            try {
                w = owner.park(blocker, n, interruptible, Fiber.NO_DEADLINE);
            } finally {
                if (waiter == n) {
                    waiter = null;
                }
                n.unlink();
            }
            if (w == Wake.INTERRUPT) {
                return w;
            }
        }
        return Wake.SIGNAL;
    }
}
