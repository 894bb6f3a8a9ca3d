package dev.weft.loom;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loom backend's own mechanism (what the conformance suite cannot see from the API): a
 * suspension is a yield of the virtual thread that nothing but weft continues, tasks handed over
 * by other threads find their strand, and a yield that cannot unmount fails at once.
 */
class LoomStrandTest {
    private static Scheduler loom() {
        return Scheduler.builder().backend("loom").virtualTime().build();
    }

    @Test
    void thisJdksContinuationTaskLeadsToItsThreadSoNoTaskMapIsKept() {
        assertTrue(VirtualThreads.canFindThreads(),
                "VirtualThread's continuation task is no longer a lambda bound to its thread on this JDK;"
                        + " LoomCarrier falls back to a map from task to strand");
        AtomicReference<Runnable> handed = new AtomicReference<>();
        Thread t = VirtualThreads.newBuilder(handed::set).unstarted(() -> { });
        t.start();
        assertNotNull(handed.get());
        assertSame(t, VirtualThreads.threadOf(handed.get()));
        assertEquals(null, VirtualThreads.threadOf(() -> { }));
    }

    @Test
    void aStrayUnparkOrJdkInterruptOfASuspendedMicrothreadDoesNotResumeIt() {
        List<String> events = new ArrayList<>();
        loom().run(() -> {
            Event go = new Event();
            AtomicReference<Thread> waiterThread = new AtomicReference<>();
            Microthread waiter = Microthread.start(() -> {
                waiterThread.set(Thread.currentThread());
                events.add("waiter waits");
                try {
                    go.await();
                } catch (InterruptedException e) {
                    events.add("waiter interrupted");
                }
                events.add("waiter woke");
            });
            Microthread.yield();
            Thread poker = new Thread(() -> {
                LockSupport.unpark(waiterThread.get());
                waiterThread.get().interrupt();
            });
            poker.start();
            poker.join(); // a JDK block of main's virtual thread: the poker's pokes all happen meanwhile
            events.add("main yields");
            Microthread.yield();
            events.add("main sets the event");
            go.set();
            waiter.join();
            return null;
        });
        assertEquals(List.of("waiter waits", "main yields", "main sets the event", "waiter woke"), events);
    }

    @Test
    void aMicrothreadStoppedInAJdkSleepIsWokenByTheJdksThreadAndOthersRunMeanwhile() {
        List<String> events = new ArrayList<>();
        Scheduler.builder().backend("loom").build().run(() -> {
            Microthread other = Microthread.start(() -> events.add("other runs"));
            try {
                Thread.sleep(20); // a JDK sleep: the virtual thread parks outside weft
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            events.add("main after its JDK sleep");
            other.join();
            return null;
        });
        assertEquals(List.of("other runs", "main after its JDK sleep"), events);
    }

    @Test
    void aThreadYieldOfItsOwnIsAWeftYield() {
        List<String> events = new ArrayList<>();
        loom().run(() -> {
            Microthread other = Microthread.start(() -> events.add("other"));
            events.add("main before Thread.yield");
            Thread.yield();
            events.add("main after Thread.yield");
            other.join();
            return null;
        });
        assertEquals(List.of("main before Thread.yield", "other", "main after Thread.yield"), events);
    }

    @Test
    void aSuspensionInsideAStaticInitializerFailsAtOnceNamingItAndTheMicrothreadGoesOn() {
        List<String> events = new ArrayList<>();
        long[] took = new long[1];
        loom().run(() -> {
            Microthread.start(() -> events.add("other"));
            long t0 = System.nanoTime();
            String outcome = YieldsInItsInitializer.OUTCOME;
            took[0] = System.nanoTime() - t0;
            events.add(outcome);
            Microthread.yield();
            events.add("main yielded normally");
            return null;
        });
        assertEquals(List.of("IllegalStateException naming YieldsInItsInitializer.<clinit>", "other",
                "main yielded normally"), events);
        assertTrue(took[0] < TimeUnit.MILLISECONDS.toNanos(150),
                "the pinned yield took " + took[0] / 1_000_000 + " ms to fail; it must fail at once");
    }

    @Test
    void aMicrothreadHandleKeptAfterItsEndHoldsNoVirtualThread() throws Exception {
        List<WeakReference<Thread>> threads = new ArrayList<>();
        List<Microthread> handles = new ArrayList<>();
        loom().run(() -> {
            for (int i = 0; i < 3; i++) {
                handles.add(Microthread.start(() -> {
                    threads.add(new WeakReference<>(Thread.currentThread()));
                    Microthread.yield();
                }));
            }
            for (Microthread m : handles) {
                m.join();
            }
            return null;
        });
        for (int i = 0; i < 20 && threads.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(3, handles.size());
        assertEquals(List.of(true, true, true), threads.stream().map(r -> r.get() == null).toList(),
                "virtual threads of ended microthreads are still reachable from their Microthread handles");
    }

    @Test
    void aMicrothreadInheritsTheContextClassLoaderOfTheMicrothreadThatStartedItAsAThreadWould() {
        ClassLoader custom = new ClassLoader(LoomStrandTest.class.getClassLoader()) { };
        ClassLoader carrierLoader = Thread.currentThread().getContextClassLoader();
        List<String> events = new ArrayList<>();
        loom().run(() -> {
            Microthread before = Microthread.start(() -> events.add("started before the change sees "
                    + (Thread.currentThread().getContextClassLoader() == carrierLoader ? "the carrier's loader" : "another")));
            Thread.currentThread().setContextClassLoader(custom);
            Microthread after = Microthread.start(() -> events.add("started after the change sees "
                    + (Thread.currentThread().getContextClassLoader() == custom ? "the starter's loader" : "another")));
            before.join();
            after.join();
            return null;
        });
        assertEquals(List.of("started before the change sees the carrier's loader",
                "started after the change sees the starter's loader"), events);
    }

    static final class YieldsInItsInitializer {
        static final String OUTCOME;

        static {
            String outcome;
            try {
                Microthread.yield();
                outcome = "yielded inside the initializer";
            } catch (IllegalStateException e) {
                outcome = e.getMessage().contains("YieldsInItsInitializer.<clinit>")
                        ? "IllegalStateException naming YieldsInItsInitializer.<clinit>" : e.getMessage();
            }
            OUTCOME = outcome;
        }
    }

    /**
     * A microthread's end runs on its virtual thread, after its fiber is TERMINATED. If it took a
     * lock there, a plain thread holding that lock made the virtual thread block in the JDK, and
     * the JDK's later wake-up of an ended fiber was dropped: the end never finished and plain
     * threads in join() waited forever. Here a plain thread holds the fiber's monitor (what the
     * end used to take to notify outside joiners) while the microthread ends.
     */
    @Test
    void aMicrothreadEndsWhileAPlainThreadHoldsItsFibersMonitorAndItsPlainJoinerIsReleased() throws Exception {
        AtomicReference<Boolean> release = new AtomicReference<>(false);
        Microthread target = Microthread.start(() -> {
            try {
                while (!release.get()) {
                    Microthread.sleep(1);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        java.lang.reflect.Field f = Microthread.class.getDeclaredField("fiber");
        f.setAccessible(true);
        Object fiber = f.get(target);
        Thread joiner = new Thread(() -> {
            try {
                target.join();
            } catch (InterruptedException e) {
                // the test fails on isAlive below
            }
        });
        joiner.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (joiner.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, joiner.getState(), "the joiner never waited in join()");
        synchronized (fiber) {
            release.set(true);
            while (target.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1); // the microthread ends while this thread holds the monitor
            }
            Thread.sleep(20); // and whatever its end does next happens now
        }
        joiner.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!joiner.isAlive() && !target.isAlive(), "the plain thread stayed blocked in join()");
    }
}
