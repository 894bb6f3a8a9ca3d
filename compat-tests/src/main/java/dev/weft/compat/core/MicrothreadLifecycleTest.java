package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.MicrothreadFactory;
import dev.weft.Scheduler;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Microthread against {@code java.lang.Thread} as on a JDK 25 virtual thread: life cycle, states,
 * join, names, ids, builder, subclassing.
 */
class MicrothreadLifecycleTest {

    @Test
    void getStateFollowsTheLifeOfAMicrothread() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread sleeper = new Microthread(() -> {
                try {
                    trace.add("running: " + Microthread.current().getState());
                    Microthread.sleep(10);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            trace.add("unstarted: " + sleeper.getState());
            sleeper.start();
            trace.add("started: " + sleeper.getState());
            Microthread.yield();
            trace.add("sleeping: " + sleeper.getState());
            Microthread joiner = Microthread.start(() -> {
                try {
                    sleeper.join();
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread timedJoiner = Microthread.start(() -> {
                try {
                    sleeper.join(Duration.ofDays(1));
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            Microthread.yield();
            trace.add("joining: " + joiner.getState());
            trace.add("joining with timeout: " + timedJoiner.getState());
            sleeper.join();
            trace.add("ended: " + sleeper.getState());
        });
        trace.assertEvents("unstarted: NEW", "started: RUNNABLE", "running: RUNNABLE", "sleeping: TIMED_WAITING",
                "joining: WAITING", "joining with timeout: TIMED_WAITING", "ended: TERMINATED");
    }

    @Test
    void isAliveFromStartToEnd() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> trace.add("body"));
            trace.add("before start " + t.isAlive());
            t.start();
            trace.add("after start " + t.isAlive());
            t.join();
            trace.add("after end " + t.isAlive());
        });
        trace.assertEvents("before start false", "after start true", "body", "after end false");
    }

    @Test
    void startTwiceThrowsIllegalThreadStateException() {
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> { });
            IllegalThreadStateException e = assertThrows(IllegalThreadStateException.class, t::start);
            assertTrue(e.getMessage().contains("already started"), e.getMessage());
            t.join();
            assertThrows(IllegalThreadStateException.class, t::start, "start after the end");
        });
    }

    @Test
    void joinBeforeStartReturnsAtOnce() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> trace.add("body"));
            t.join();
            trace.add("join() returned");
            t.join(1000);
            trace.add("join(1000) returned at " + Run.nowMillis());
        });
        trace.assertEvents("join() returned", "join(1000) returned at 0");
    }

    @Test
    void joinWithDurationBeforeStartThrowsIllegalThreadStateException() {
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> { });
            IllegalThreadStateException e = assertThrows(IllegalThreadStateException.class,
                    () -> t.join(Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("not been started"), e.getMessage());
            assertThrows(IllegalThreadStateException.class, () -> t.join(Duration.ZERO));
        });
    }

    @Test
    void joinAfterTheEndReturnsAtOnce() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> trace.add("body"));
            t.join();
            Microthread.sleep(5);
            t.join();
            t.join(10);
            trace.add("join(Duration) " + t.join(Duration.ofMillis(10)));
            trace.add("join(Duration.ZERO) " + t.join(Duration.ZERO));
            trace.add("at " + Run.nowMillis());
        });
        trace.assertEvents("body", "join(Duration) true", "join(Duration.ZERO) true", "at 5");
    }

    @Test
    void joinWaitsForTheEndOnTheSchedulerClock() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> {
                try {
                    Microthread.sleep(40);
                    trace.add("worker ends at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            t.join();
            trace.add("joined at " + Run.nowMillis());
        });
        trace.assertEvents("worker ends at 40", "joined at 40");
    }

    @Test
    void joinWithMillisTimesOutWithoutAnException() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> {
                try {
                    Microthread.sleep(100);
                    trace.add("worker ends at " + Run.nowMillis());
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            t.join(30);
            trace.add("join(30) returned at " + Run.nowMillis() + ", alive " + t.isAlive());
            t.join(0); // 0 means forever, as in Thread.join(long)
            trace.add("join(0) returned at " + Run.nowMillis());
        });
        trace.assertEvents("join(30) returned at 30, alive true", "worker ends at 100", "join(0) returned at 100");
    }

    @Test
    void joinWithDurationReturnsWhetherTheMicrothreadEnded() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> {
                try {
                    Microthread.sleep(100);
                } catch (InterruptedException e) {
                    trace.add("unexpected interrupt");
                }
            });
            trace.add("zero " + t.join(Duration.ZERO) + " at " + Run.nowMillis());
            trace.add("negative " + t.join(Duration.ofMillis(-5)) + " at " + Run.nowMillis());
            trace.add("30ms " + t.join(Duration.ofMillis(30)) + " at " + Run.nowMillis());
            trace.add("1s " + t.join(Duration.ofSeconds(1)) + " at " + Run.nowMillis());
        });
        trace.assertEvents("zero false at 0", "negative false at 0", "30ms false at 30", "1s true at 100");
    }

    @Test
    void joinOfItselfThrowsIllegalStateException() {
        Run.virtual(() -> {
            Microthread me = Microthread.current();
            IllegalStateException e = assertThrows(IllegalStateException.class, me::join);
            assertTrue(e.getMessage().contains("cannot join itself"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> me.join(10));
        });
    }

    @Test
    void currentReturnsTheRunningMicrothread() {
        final List<Microthread> seen = new ArrayList<Microthread>();
        final AtomicReference<Microthread> child = new AtomicReference<Microthread>();
        Run.virtual(() -> {
            seen.add(Microthread.current());
            child.set(Microthread.start(() -> seen.add(Microthread.current())));
        });
        assertEquals(2, seen.size());
        assertEquals("main", seen.get(0).getName());
        assertSame(child.get(), seen.get(1));
    }

    @Test
    void subclassOverridingRunIsRunByStart() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            class Worker extends Microthread {
                Worker() {
                    super("worker");
                }

                @Override
                public void run() {
                    trace.add("run of " + getName() + ", current is this: " + (Microthread.current() == this));
                }
            }
            Worker w = new Worker();
            w.start();
            w.join();
        });
        trace.assertEvents("run of worker, current is this: true");
    }

    @Test
    void runCalledDirectlyRunsTheTaskInTheCallingMicrothread() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> trace.add("task in " + Microthread.current().getName()));
            t.run();
            trace.add("still " + t.getState());
        });
        trace.assertEvents("task in main", "still NEW");
    }

    @Test
    void constructorsSetNameAndTask() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            trace.add("[" + new Microthread().getName() + "]");
            trace.add("[" + new Microthread("named").getName() + "]");
            Microthread t = new Microthread(() -> trace.add("task ran"), "with task");
            trace.add("[" + t.getName() + "]");
            t.start();
            t.join();
        });
        trace.assertEvents("[]", "[named]", "[with task]", "task ran");
    }

    @Test
    void setNameChangesNameAndToString() {
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> { }, "before");
            t.setName("after");
            assertEquals("after", t.getName());
            assertEquals("Microthread[#" + t.threadId() + ",after]/new", t.toString());
        });
    }

    @Test
    void toStringShowsIdNameAndState() {
        Run.virtual(() -> {
            Microthread unnamed = new Microthread(() -> { });
            assertEquals("Microthread[#" + unnamed.threadId() + "]/new", unnamed.toString());
            Microthread t = Microthread.builder().name("sleepy").start(() -> {
                try {
                    Microthread.sleep(10);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Microthread.yield();
            assertEquals("Microthread[#" + t.threadId() + ",sleepy]/timed_waiting", t.toString());
            t.join();
            assertEquals("Microthread[#" + t.threadId() + ",sleepy]/terminated", t.toString());
        });
    }

    @Test
    void threadIdsArePositiveAndUnique() {
        final Set<Long> ids = new HashSet<Long>();
        Run.virtual(() -> {
            ids.add(Microthread.current().threadId());
            for (int i = 0; i < 50; i++) {
                Microthread t = Microthread.start(() -> { });
                assertTrue(t.threadId() > 0);
                ids.add(t.threadId());
            }
        });
        Run.virtual(() -> {
            ids.add(Microthread.current().threadId());
        });
        assertEquals(52, ids.size(), "ids are never reused, even across schedulers");
    }

    @Test
    void threadIdDoesNotChangeOverTheLife() {
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> { });
            long id = t.threadId();
            t.start();
            assertEquals(id, t.threadId());
            t.join();
            assertEquals(id, t.threadId());
        });
    }

    @Test
    void builderNamesWithACounter() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            dev.weft.MicrothreadBuilder b = Microthread.builder().name("worker-", 3);
            Microthread a = b.unstarted(() -> trace.add("a runs"));
            Microthread c = b.start(() -> trace.add("c runs"));
            trace.add(a.getName() + " " + a.getState() + ", " + c.getName() + " " + c.getState());
            a.start();
            Microthread fixed = Microthread.builder().name("same").unstarted(() -> { });
            Microthread fixed2 = Microthread.builder().name("same").unstarted(() -> { });
            trace.add(fixed.getName() + " " + fixed2.getName());
        });
        trace.assertEvents("worker-3 NEW, worker-4 RUNNABLE", "same same", "c runs", "a runs");
    }

    @Test
    void builderSetsDaemonAndHandler() {
        Run.virtual(() -> {
            Microthread.UncaughtExceptionHandler h = (t, e) -> { };
            Microthread d = Microthread.builder().daemon(true).uncaughtExceptionHandler(h).unstarted(() -> { });
            Microthread n = Microthread.builder().daemon(false).unstarted(() -> { });
            assertTrue(d.isDaemon());
            assertSame(h, d.getUncaughtExceptionHandler());
            assertFalse(n.isDaemon());
            assertEquals(null, n.getUncaughtExceptionHandler());
        });
    }

    @Test
    void builderFactoryMakesUnstartedMicrothreadsWithTheBuildersSettings() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            MicrothreadFactory f = Microthread.builder().name("f-", 0).daemon(true).factory();
            Microthread a = f.newMicrothread(() -> trace.add("a runs"));
            Microthread b = f.newMicrothread(() -> trace.add("b runs"));
            trace.add(a.getName() + " " + a.getState() + " daemon=" + a.isDaemon());
            trace.add(b.getName() + " " + b.getState() + " daemon=" + b.isDaemon());
            b.start();
            a.start();
            a.join();
        });
        trace.assertEvents("f-0 NEW daemon=true", "f-1 NEW daemon=true", "b runs", "a runs");
    }

    @Test
    void daemonStatusIsInheritedFromTheCreator() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            trace.add("main daemon=" + Microthread.current().isDaemon());
            Microthread d = Microthread.builder().daemon(true).start(() ->
                    trace.add("child of daemon: daemon=" + new Microthread(() -> { }).isDaemon()));
            trace.add("child of main: daemon=" + new Microthread(() -> { }).isDaemon());
            d.join();
        });
        trace.assertEvents("main daemon=false", "child of main: daemon=false", "child of daemon: daemon=true");
    }

    @Test
    void setDaemonAfterStartThrowsIllegalThreadStateException() {
        Run.virtual(() -> {
            Microthread t = Microthread.start(() -> { });
            IllegalThreadStateException e = assertThrows(IllegalThreadStateException.class, () -> t.setDaemon(true));
            assertTrue(e.getMessage().contains("before start"), e.getMessage());
        });
    }

    @Test
    void getStackTraceOfASleepingMicrothreadShowsItsFrames() {
        Run.virtual(() -> {
            Microthread t = Microthread.start(MicrothreadLifecycleTest::napInAHelper);
            Microthread.yield();
            StackTraceElement[] stack = t.getStackTrace();
            assertTrue(hasFrame(stack, "napInAHelper"), "stack of a sleeping microthread: " + describe(stack));
            for (StackTraceElement e : stack) {
                assertFalse(e.getClassName().startsWith("dev.weft.internal."), "weft machinery in " + describe(stack));
            }
            t.interrupt();
            t.join();
            assertEquals(0, t.getStackTrace().length, "an ended microthread has no stack");
            assertEquals(0, new Microthread(() -> { }).getStackTrace().length, "an unstarted one neither");
        });
    }

    @Test
    void getStackTraceOfTheCurrentMicrothreadShowsTheCaller() {
        Run.virtual(() -> {
            StackTraceElement[] stack = Microthread.current().getStackTrace();
            assertTrue(stack.length > 0);
            assertTrue(hasFrame(stack, "lambda$getStackTraceOfTheCurrentMicrothreadShowsTheCaller"), describe(stack));
        });
    }

    static void napInAHelper() {
        try {
            Microthread.sleep(Duration.ofDays(1));
        } catch (InterruptedException e) {
            // ended by the test
        }
    }

    static boolean hasFrame(StackTraceElement[] stack, String methodPrefix) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith(MicrothreadLifecycleTest.class.getName().substring(0,
                    MicrothreadLifecycleTest.class.getName().lastIndexOf('.')))
                    && e.getMethodName().startsWith(methodPrefix)) {
                return true;
            }
        }
        return false;
    }

    static String describe(StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : stack) {
            sb.append("\n  at ").append(e);
        }
        return sb.toString();
    }

    @Test
    void schedulerOfAMicrothreadIsTheOneItRunsOn() {
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> { });
            assertEquals(null, t.scheduler(), "not started: no scheduler yet");
            t.start();
            assertSame(Scheduler.current(), t.scheduler());
            assertNotEquals(null, Microthread.current().scheduler());
        });
    }

    @Test
    void staticMethodsOutsideAMicrothreadBehaveAsThreadsOnTheCallingThread() throws InterruptedException {
        assertEquals(null, Microthread.current());
        assertEquals(null, Scheduler.current());
        Microthread.yield(); // Thread.yield(): returns
        Microthread.sleep(0);
        Microthread.sleep(Duration.ZERO);
        Thread.currentThread().interrupt();
        assertTrue(Microthread.interrupted());
        assertFalse(Microthread.interrupted());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void builderNameWithoutCounterReplacesAnEarlierCounter() {
        Run.virtual(() -> {
            dev.weft.MicrothreadBuilder b = Microthread.builder().name("n-", 0);
            assertEquals("n-0", b.unstarted(() -> { }).getName());
            b.name("plain");
            assertEquals("plain", b.unstarted(() -> { }).getName());
            assertEquals("plain", b.unstarted(() -> { }).getName());
            b.name("again-", 10);
            assertEquals("again-10", b.unstarted(() -> { }).getName());
        });
    }

    @Test
    void unnamedMicrothreadsHaveAnEmptyNameAsVirtualThreadsDo() {
        Run.virtual(() -> {
            assertEquals("", Microthread.start(() -> { }).getName());
            assertEquals("", Microthread.builder().unstarted(() -> { }).getName());
            assertEquals("", Microthread.builder().factory().newMicrothread(() -> { }).getName());
        });
    }

    @Test
    void aFactoryCountsOnItsOwnFromTheBuildersCurrentValueAsThreadBuilderDoes() {
        Run.virtual(() -> {
            dev.weft.MicrothreadBuilder b = Microthread.builder().name("w-", 5);
            assertEquals("w-5", b.unstarted(() -> { }).getName());
            assertEquals("w-6", b.unstarted(() -> { }).getName());
            MicrothreadFactory f = b.factory();
            assertEquals("w-7", f.newMicrothread(() -> { }).getName());
            assertEquals("w-7", b.unstarted(() -> { }).getName());
            assertEquals("w-8", f.newMicrothread(() -> { }).getName());
            assertEquals("w-8", b.unstarted(() -> { }).getName());
        });
    }
}
