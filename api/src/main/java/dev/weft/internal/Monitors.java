package dev.weft.internal;

import dev.weft.sync.Condition;
import dev.weft.sync.Lock;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cooperative monitors: what {@code synchronized}, {@code wait} and {@code notify} become in
 * code woven by the fallback backend. Not for use by hand.
 *
 * <p>A JVM monitor belongs to a thread, and every microthread of a fallback scheduler runs on
 * the same carrier thread; a JVM monitor alone therefore cannot keep two microthreads apart once
 * one of them suspends inside {@code synchronized}. The weaver turns each {@code monitorenter}
 * of a woven class into {@link #enter} followed by the JVM's {@code monitorenter}, and each
 * {@code monitorexit} into the JVM's {@code monitorexit} followed by {@link #exit}. Inside a
 * microthread, {@link #enter} takes a weft {@link Lock} kept for the object while it is in use
 * (waiting, suspended, if another microthread holds it), so mutual exclusion among microthreads
 * holds across suspensions. A woven frame that suspends inside {@code synchronized} releases its
 * JVM monitors as it saves itself and takes them again as it is restored; the weft lock stays
 * held all along.
 *
 * <p>{@code Object.wait} and {@code notify}/{@code notifyAll} in woven code become
 * {@link #await}, {@link #notifyOne} and {@link #notifyEveryone}: inside a microthread a wait
 * suspends it on a weft {@link Condition} of the object's lock (on the scheduler's clock for a
 * timed wait) instead of blocking the carrier; {@code notify} wakes both a microthread waiting
 * that way and a platform thread in the JVM's own {@code wait}.
 *
 * <p>Outside a microthread (a platform thread running woven code), and in a microthread of the
 * loom backend (a virtual thread, which owns JVM monitors itself), these methods do what the JVM
 * does, except that a thread entering a monitor that a fallback microthread holds is refused with
 * an {@link IllegalMonitorStateException}: it cannot wait for a weft lock, and entering (once the
 * holder suspends inside and gives the JVM monitor back) would break the exclusion.
 */
public final class Monitors {
    /** The weft lock of each object in use as a monitor by a microthread; removed when unused. */
    private static final Map<Object, Record> RECORDS = new IdentityHashMap<>();
    /** Guards {@link #RECORDS} and {@link Record#users}; held only for map updates, never across a wait. */
    private static final ReentrantLock GUARD = new ReentrantLock();

    private static final class Record {
        final Lock lock = new Lock();
        final Condition waiting = lock.newCondition();
        /** Microthreads between {@link #enter} and the matching {@link #exit} (waiting ones included). */
        int users;
    }

    private Monitors() {
    }

    /**
     * The running fiber if its strand runs on its scheduler's carrier thread (the fallback
     * backend), else null. On loom a microthread is a virtual thread that owns JVM monitors
     * itself (and woven code may still run there, for example with the agent on JDK 25): the
     * JVM's own monitors are right, and a weft lock would be held across a JVM wait.
     */
    private static Fiber cooperative() {
        Fiber f = Fiber.current();
        return f != null && f.core().carrierThread() == Thread.currentThread() ? f : null;
    }

    /** Before the JVM's {@code monitorenter} of {@code o}: takes {@code o}'s weft lock inside a microthread. */
    public static void enter(Object o) {
        if (o == null) {
            return; // the JVM's monitorenter that follows throws the NullPointerException
        }
        Fiber me = cooperative();
        Record r;
        GUARD.lock();
        try {
            r = RECORDS.get(o);
            if (me == null) {
                if (r != null && r.lock.isLocked()) {
                    throw new IllegalMonitorStateException(Thread.currentThread() + " tried to enter the monitor of "
                            + identity(o) + ", which a microthread of the fallback backend holds (" + r.lock
                            + "); it may suspend inside synchronized and give the JVM monitor back, so entering"
                            + " would break the exclusion. A platform thread cannot wait for a microthread's"
                            + " monitor: share"
                            + " this object between microthreads only, or guard it with a java.util.concurrent lock.");
                }
                return;
            }
            if (r == null) {
                r = new Record();
                RECORDS.put(o, r);
            }
            r.users++;
        } finally {
            GUARD.unlock();
        }
        try {
            r.lock.lock();
        } catch (RuntimeException | Error e) {
            leave(o, r);
            throw e;
        }
    }

    /** After the JVM's {@code monitorexit} of {@code o}: releases {@code o}'s weft lock inside a microthread. */
    public static void exit(Object o) {
        Record r = heldRecord(o);
        if (r == null) {
            return; // not a microthread on the carrier, or entered outside woven code: no weft lock to release
        }
        r.lock.unlock();
        leave(o, r);
    }

    /** {@code o}'s record, or null if no microthread uses {@code o} as a monitor. */
    private static Record record(Object o) {
        GUARD.lock();
        try {
            return RECORDS.get(o);
        } finally {
            GUARD.unlock();
        }
    }

    private static void leave(Object o, Record r) {
        GUARD.lock();
        try {
            if (--r.users == 0) {
                RECORDS.remove(o);
            }
        } finally {
            GUARD.unlock();
        }
    }

    /** {@code o.wait()} in woven code. */
    public static void await(Object o) throws InterruptedException {
        await(o, 0L);
    }

    /** {@code o.wait(millis, nanos)} in woven code. */
    public static void await(Object o, long millis, int nanos) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("Object.wait: timeout value is negative: " + millis);
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("Object.wait: nanosecond timeout value out of range: " + nanos);
        }
        if (cooperative() == null) {
            o.wait(millis, nanos);
            return;
        }
        awaitNanos(o, millis == 0 && nanos == 0 ? 0L : saturatedNanos(millis, nanos));
    }

    /** {@code o.wait(millis)} in woven code. */
    public static void await(Object o, long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("Object.wait: timeout value is negative: " + millis);
        }
        if (cooperative() == null) {
            o.wait(millis);
            return;
        }
        awaitNanos(o, millis == 0 ? 0L : saturatedNanos(millis, 0));
    }

    private static long saturatedNanos(long millis, int nanos) {
        long n = millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : millis * 1_000_000L;
        return n > Long.MAX_VALUE - nanos ? Long.MAX_VALUE : n + nanos;
    }

    /** Inside a microthread: waits on {@code o}'s condition; {@code nanos == 0} waits for ever. */
    private static void awaitNanos(Object o, long nanos) throws InterruptedException {
        if (!Thread.holdsLock(o)) {
            throw new IllegalMonitorStateException("Object.wait was called on " + identity(o)
                    + " by a microthread that is not inside synchronized on it; call wait() inside"
                    + " synchronized (that object) { ... }");
        }
        Record r = heldRecord(o);
        if (r == null) {
            throw new IllegalMonitorStateException("Object.wait was called on " + identity(o)
                    + " by a microthread whose synchronized on it was entered in code that was not woven"
                    + " (the weft lock that makes wait cooperative is missing), so waiting would block the"
                    + " carrier thread; enter synchronized in woven code (include its package in the weaving).");
        }
        if (nanos == 0) {
            r.waiting.await();
        } else {
            r.waiting.await(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** {@code o.notify()} in woven code. */
    public static void notifyOne(Object o) {
        o.notify(); // checks ownership as the JVM does
        Record r = heldRecord(o);
        if (r != null) {
            r.waiting.signal();
        }
    }

    /** {@code o.notifyAll()} in woven code. */
    public static void notifyEveryone(Object o) {
        o.notifyAll();
        Record r = heldRecord(o);
        if (r != null) {
            r.waiting.signalAll();
        }
    }

    private static String identity(Object o) {
        return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }

    /** {@code o}'s record if the current microthread holds its weft lock, else null. */
    private static Record heldRecord(Object o) {
        if (cooperative() == null) {
            return null;
        }
        Record r = record(o);
        return r != null && r.lock.isHeldByCurrentMicrothread() ? r : null;
    }
}
