package dev.weft.compat.coroutines;

import dev.weft.Coroutine;
import dev.weft.DeadlockException;
import dev.weft.Microthread;
import dev.weft.compat.support.FreshClass;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How coroutines run on the microthreads that resume them (SPEC §3, coroutines). */
class CoroutineSchedulingTest {

    @Test
    void noOtherMicrothreadRunsBetweenResumeAndYield() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Integer, Void> c = Coroutine.create((s, first) -> {
                int n = first;
                while (true) {
                    t.add("body " + n);
                    n = s.yield(null);
                }
            });
            Microthread.start(() -> t.add("other"));
            t.add("resume 1");
            c.resume(1);
            t.add("resume 2");
            c.resume(2);
            t.add("main yields");
            Microthread.yield();
            t.add("main again");
            c.close();
        });
        t.assertEvents("resume 1", "body 1", "resume 2", "body 2", "main yields", "other", "main again");
    }

    @Test
    void aBodyThatSleepsBlocksItsResumerWhileOtherMicrothreadsRun() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                t.add("body sleeps at " + Run.nowMillis());
                Microthread.sleep(10);
                t.add("body wakes at " + Run.nowMillis());
                s.yield("a");
                return "end";
            });
            Microthread.start(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        t.add("other at " + Run.nowMillis());
                        Microthread.sleep(4);
                    }
                } catch (InterruptedException e) {
                    t.add("other interrupted");
                }
            });
            t.add("main resumes");
            String v = c.resume(null);
            t.add("main got " + v + " at " + Run.nowMillis());
            c.close();
        });
        t.assertEvents("main resumes", "body sleeps at 0", "other at 0", "other at 4", "other at 8",
                "body wakes at 10", "main got a at 10");
    }

    @Test
    void microthreadCurrentInsideTheBodyIsTheResumer() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Coroutine<Void, Boolean> c = Coroutine.create((s, first) -> Microthread.current() == main);
            t.add("body ran as main: " + c.resume(null));
        });
        t.assertEvents("body ran as main: true");
    }

    @Test
    void aCoroutineCreatedInOneMicrothreadCanBeResumedByAnotherOfTheSameScheduler() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Coroutine<String, String> c = Coroutine.create((s, first) -> {
                String in = first;
                while (true) {
                    t.add("body got " + in + " in " + Microthread.current().getName());
                    in = s.yield(in.toUpperCase());
                }
            });
            t.add("main got " + c.resume("a"));
            Microthread worker = new Microthread(() -> {
                t.add("worker got " + c.resume("b"));
            }, "worker");
            worker.start();
            worker.join();
            t.add("main got " + c.resume("c"));
            c.close();
        });
        t.assertEvents("body got a in main", "main got A", "body got b in worker", "worker got B",
                "body got c in main", "main got C");
    }

    @Test
    void resumeByAnotherMicrothreadWhileTheBodyIsBlockedThrowsIllegalStateException() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                Microthread.sleep(10);
                return "slept";
            });
            Microthread.start(() -> {
                try {
                    c.resume(null);
                    t.add("worker resumed it");
                } catch (IllegalStateException e) {
                    t.add(e.getMessage().contains("is already running, resumed by another microthread")
                            ? "worker rejected" : e.getMessage());
                }
            });
            t.add("main got " + c.resume(null));
        });
        t.assertEvents("worker rejected", "main got slept");
    }

    @Test
    void interruptingTheResumerInterruptsItsBlockedBody() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                try {
                    Microthread.sleep(Duration.ofHours(1));
                    return "slept an hour";
                } catch (InterruptedException e) {
                    return "interrupted at " + Run.nowMillis();
                }
            });
            Microthread.start(() -> {
                try {
                    Microthread.sleep(5);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                t.add("interrupting main");
                main.interrupt();
            });
            t.add(c.resume(null));
        });
        t.assertEvents("interrupting main", "interrupted at 5");
    }

    @Test
    void nestedCoroutinesYieldToTheirOwnResumer() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Coroutine<Void, String> inner = Coroutine.create((s, first) -> {
                s.yield("i1");
                s.yield("i2");
                return "i-end";
            });
            Coroutine<Void, String> outer = Coroutine.create((s, first) -> {
                t.add("outer got " + inner.resume(null));
                s.yield("o1");
                t.add("outer got " + inner.resume(null));
                t.add("outer got " + inner.resume(null));
                return "o-end";
            });
            t.add("main got " + outer.resume(null));
            t.add("main got " + outer.resume(null));
        });
        t.assertEvents("outer got i1", "main got o1", "outer got i2", "outer got i-end", "main got o-end");
    }

    @Test
    void aCoroutineResumedByTwoMicrothreadsInTurnSeesEachAsCurrent() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Coroutine<Void, Void> c = Coroutine.create((s, first) -> {
                while (true) {
                    t.add("body in " + Microthread.current().getName());
                    s.yield(null);
                }
            });
            final List<Microthread> ts = new ArrayList<Microthread>();
            for (final String name : new String[] {"a", "b"}) {
                ts.add(Microthread.builder().name(name).start(() -> {
                    for (int i = 0; i < 2; i++) {
                        c.resume(null);
                        Microthread.yield();
                    }
                }));
            }
            for (Microthread m : ts) {
                m.join();
            }
            c.close();
        });
        t.assertEvents("body in a", "body in b", "body in a", "body in b");
    }

    private static final ThreadLocal<String> LOCAL = new ThreadLocal<String>();

    @Test
    void theBodyRunsOnItsResumersThreadWithItsResumersThreadLocals() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final java.util.Map<String, Thread> threads = new java.util.HashMap<String, Thread>();
            final Coroutine<Void, Void> c = Coroutine.create((s, first) -> {
                while (true) {
                    String me = Microthread.current().getName();
                    t.add(me + ": body sees " + LOCAL.get() + (Thread.currentThread() == threads.get(me)
                            ? " on the resumer's thread" : " on " + Thread.currentThread()));
                    LOCAL.set("set by the body for " + me);
                    s.yield(null);
                }
            });
            final List<Microthread> ts = new ArrayList<Microthread>();
            for (final String name : new String[] {"a", "b"}) {
                ts.add(Microthread.builder().name(name).start(() -> {
                    threads.put(name, Thread.currentThread());
                    LOCAL.set(name + "'s value");
                    c.resume(null);
                    t.add(name + " sees " + LOCAL.get());
                }));
            }
            for (Microthread m : ts) {
                m.join();
            }
            c.close();
        });
        t.assertEvents("a: body sees a's value on the resumer's thread", "a sees set by the body for a",
                "b: body sees b's value on the resumer's thread", "b sees set by the body for b");
    }

    @Test
    void microthreadYieldInsideABodyLetsOthersRunAndTheBodyContinuesOnTheResumer() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                t.add("body before yield");
                Microthread.yield();
                t.add("body after yield, resumer is main: " + (Microthread.current() == main));
                return "end";
            });
            Microthread.start(() -> t.add("other runs"));
            t.add("main got " + c.resume(null));
        });
        t.assertEvents("body before yield", "other runs", "body after yield, resumer is main: true", "main got end");
    }

    @Test
    void aDeadlockInsideABodyIsReportedAndComesOutOfResume() {
        final Trace t = new Trace();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Run.virtual(() -> {
            final Microthread main = Microthread.current();
            final Microthread worker = Microthread.builder().name("worker").start(() -> {
                try {
                    main.join();
                } catch (InterruptedException ie) {
                    throw new AssertionError(ie);
                }
            });
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                t.add("body joins worker");
                worker.join();
                return "not reached";
            });
            try {
                c.resume(null);
            } catch (DeadlockException d) {
                t.add("resume threw DeadlockException");
                t.add("coroutine done: " + c.isDone());
                throw d;
            }
        }));
        assertTrue(e.getMessage().contains("worker"), e.getMessage());
        t.assertEvents("body joins worker", "resume threw DeadlockException", "coroutine done: true");
    }

    // A static initializer cannot be suspended on any backend. A yield inside one fails with an
    // exception that names the frame, and the coroutine stays usable. A resume inside one needs no
    // suspension (the body runs on the resumer's stack), so it works; a wait inside that body
    // would suspend the initializer too, and fails the same way, before anything is unwound.

    @Test
    void aYieldThatCannotSuspendFailsInTheBodyAndTheCoroutineKeepsWorking() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                StaticInitializers.suspenderForInit = s;
                String outcome = (String) FreshClass.initializeAndGet(StaticInitializers.YieldsInItsInitializer.class, "OUTCOME");
                t.add(outcome.contains("YieldsInItsInitializer.<clinit>") ? "yield failed naming the initializer"
                        : outcome);
                s.yield("normal yield");
                return "end";
            });
            t.add(c.resume(null));
            t.add(c.resume(null));
        });
        t.assertEvents("yield failed naming the initializer", "normal yield", "end");
    }

    @Test
    void aResumeInsideAStaticInitializerRunsTheBody() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            StaticInitializers.coroutineForInit = Coroutine.create((s, first) -> {
                t.add("body runs");
                s.yield("yielded to the initializer");
                return "end";
            });
            t.add((String) FreshClass.initializeAndGet(StaticInitializers.ResumesInItsInitializer.class, "OUTCOME"));
            t.add(StaticInitializers.coroutineForInit.resume(null));
        });
        t.assertEvents("body runs", "resumed: yielded to the initializer", "end");
    }

    @Test
    void aWaitInABodyResumedInsideAStaticInitializerFailsNamingTheInitializerAndTheBodyGoesOn() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            StaticInitializers.coroutineForInit = Coroutine.create((s, first) -> {
                try {
                    Microthread.sleep(10);
                    t.add("slept");
                } catch (IllegalStateException e) {
                    t.add(e.getMessage().contains("ResumesABodyThatWaitsInItsInitializer.<clinit>")
                            ? "sleep failed naming the initializer" : e.getMessage());
                }
                s.yield("after the failed sleep");
                Microthread.sleep(10);
                return "slept outside the initializer at " + Run.nowMillis();
            });
            t.add((String) FreshClass.initializeAndGet(StaticInitializers.ResumesABodyThatWaitsInItsInitializer.class, "OUTCOME"));
            t.add(StaticInitializers.coroutineForInit.resume(null));
        });
        t.assertEvents("sleep failed naming the initializer", "resumed: after the failed sleep",
                "slept outside the initializer at 10");
    }

    @Test
    void resumeFromAPlainThreadThrowsIllegalStateException() {
        Coroutine<Void, String> c = Coroutine.create((s, first) -> "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
        assertTrue(e.getMessage().contains("Coroutine.resume"), e.getMessage());
        assertTrue(e.getMessage().contains("which is not a microthread"), e.getMessage());
    }

    @Test
    void resumeFromAMicrothreadOfAnotherSchedulerThrowsIllegalStateException() {
        final List<Coroutine<Void, String>> holder = new ArrayList<Coroutine<Void, String>>();
        Run.virtual(() -> {
            Coroutine<Void, String> c = Coroutine.create((s, first) -> {
                s.yield("a");
                return "end";
            });
            c.resume(null);
            holder.add(c);
        });
        String message = Run.virtual(() -> {
            try {
                holder.get(0).resume(null);
                return "resumed";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertTrue(message.contains("A coroutine stays on one scheduler"), message);
    }

    @Test
    void theRunningCoroutineAppearsInTheResumersStackTrace() {
        Run.virtual(() -> {
            final Microthread main = Microthread.current();
            Coroutine<Void, Boolean> c = Coroutine.create((s, first) -> insideTheBody(main));
            assertEquals(Boolean.TRUE, c.resume(null));
        });
    }

    private static boolean insideTheBody(Microthread resumer) {
        for (StackTraceElement e : resumer.getStackTrace()) {
            if (e.getMethodName().equals("insideTheBody")) {
                return true;
            }
        }
        return false;
    }
}
