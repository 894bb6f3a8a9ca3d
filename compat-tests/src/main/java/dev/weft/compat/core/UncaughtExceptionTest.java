package dev.weft.compat.core;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An uncaught failure goes to the microthread's handler, else the scheduler's, else a default
 * that logs it: nothing is silently lost, and the other microthreads keep running.
 */
class UncaughtExceptionTest {

    @Test
    void microthreadHandlerReceivesTheMicrothreadAndTheFailure() {
        final Trace trace = new Trace();
        final IllegalStateException boom = new IllegalStateException("boom");
        Run.virtual(() -> {
            Microthread t = new Microthread(() -> {
                throw boom;
            }, "failing");
            t.setUncaughtExceptionHandler((mt, e) ->
                    trace.add("handler got " + mt.getName() + " " + (e == boom) + " current=" + (Microthread.current() == mt)));
            t.start();
            t.join();
            trace.add("joined, state " + t.getState());
        });
        trace.assertEvents("handler got failing true current=true", "joined, state TERMINATED");
    }

    @Test
    void schedulerHandlerReceivesFailuresOfMicrothreadsWithoutTheirOwn() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime()
                .uncaughtExceptionHandler((mt, e) -> trace.add("scheduler handler: " + mt.getName() + " " + e.getMessage()))
                .build();
        s.run(() -> {
            Microthread.builder().name("w1").start(() -> {
                throw new IllegalArgumentException("first");
            });
            Microthread w2 = Microthread.builder().name("w2").start(() -> {
                throw new UnsupportedOperationException("second");
            });
            w2.setUncaughtExceptionHandler((mt, e) -> trace.add("own handler: " + mt.getName() + " " + e.getMessage()));
            Microthread.yield();
            trace.add("main continues");
        });
        trace.assertEvents("scheduler handler: w1 first", "own handler: w2 second", "main continues");
    }

    @Test
    void builderHandlerIsTheMicrothreadsOwn() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime()
                .uncaughtExceptionHandler((mt, e) -> trace.add("scheduler handler"))
                .build();
        s.run(() -> {
            Microthread.builder().name("b").uncaughtExceptionHandler((mt, e) -> trace.add("builder handler " + mt.getName()))
                    .start(() -> {
                        throw new IllegalStateException("x");
                    }).join();
        });
        trace.assertEvents("builder handler b");
    }

    @Test
    void settingTheHandlerToNullFallsBackToTheSchedulers() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime()
                .uncaughtExceptionHandler((mt, e) -> trace.add("scheduler handler " + e.getMessage()))
                .build();
        s.run(() -> {
            Microthread t = new Microthread(() -> {
                throw new IllegalStateException("y");
            });
            t.setUncaughtExceptionHandler((mt, e) -> trace.add("own handler"));
            t.setUncaughtExceptionHandler(null);
            t.start();
            t.join();
        });
        trace.assertEvents("scheduler handler y");
    }

    @Test
    void aFailingMicrothreadDoesNotStopTheOthersNorTheRun() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime().uncaughtExceptionHandler((mt, e) -> trace.add("handled")).build();
        String r = s.run(() -> {
            Microthread.start(() -> {
                trace.add("failing starts");
                throw new IllegalStateException("z");
            });
            Microthread.start(() -> trace.add("other runs"));
            Microthread.sleep(5);
            return "main result";
        });
        trace.add(r);
        trace.assertEvents("failing starts", "handled", "other runs", "main result");
    }

    @Test
    void defaultHandlerLogsTheMicrothreadNameAndTheException() throws UnsupportedEncodingException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, "UTF-8"));
        try {
            Run.virtual(() -> {
                Microthread.builder().name("noisy-worker").start(() -> {
                    throw new IllegalStateException("kaboom from the worker");
                }).join();
            });
        } finally {
            System.setErr(original);
        }
        String err = captured.toString("UTF-8");
        assertTrue(err.contains("noisy-worker"), "the log names the microthread: " + err);
        assertTrue(err.contains("IllegalStateException"), "the log shows the exception: " + err);
        assertTrue(err.contains("kaboom from the worker"), err);
        assertTrue(err.contains(UncaughtExceptionTest.class.getName()), "with its stack trace: " + err);
    }

    @Test
    void aHandlerThatFailsIsLoggedAndDoesNotStopTheRun() throws UnsupportedEncodingException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, "UTF-8"));
        String r;
        try {
            r = Run.virtual(() -> {
                Microthread t = new Microthread(() -> {
                    throw new IllegalStateException("original failure");
                }, "bad-handler-owner");
                t.setUncaughtExceptionHandler((mt, e) -> {
                    throw new IllegalArgumentException("the handler broke");
                });
                t.start();
                t.join();
                return "still fine";
            });
        } finally {
            System.setErr(original);
        }
        assertEquals("still fine", r);
        String err = captured.toString("UTF-8");
        assertTrue(err.contains("bad-handler-owner"), err);
        assertTrue(err.contains("the handler broke"), err);
        assertTrue(err.contains("original failure"), "the original failure is not lost: " + err);
    }

    @Test
    void mainsFailureGoesToTheCallerOfRunNotToAHandler() {
        final Trace trace = new Trace();
        Scheduler s = Scheduler.builder().virtualTime().uncaughtExceptionHandler((mt, e) -> trace.add("handler")).build();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
                s.run(() -> {
                    throw new IllegalStateException("main failed");
                }));
        assertEquals("main failed", e.getMessage());
        trace.assertEvents();
    }
}
