package dev.weft.compat.core;

import dev.weft.CheckedRunnable;
import dev.weft.Microthread;
import dev.weft.MicrothreadBuilder;
import dev.weft.Scheduler;
import dev.weft.compat.support.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to Microthread, its builder and Scheduler fails fast with a precise exception whose
 * message names the culprit. Each case is an entry of the README's error table.
 */
class CoreBadInputTest {

    private static <T extends Throwable> void fails(Class<T> type, String messagePart, Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(messagePart),
                "expected a message containing '" + messagePart + "' but was: " + e.getMessage());
    }

    private static void inMicrothread(CheckedRunnable body) {
        Run.virtual(body);
    }

    // ------------------------------------------------------------------ Microthread

    @Test
    void nullNameInConstructorIsRejected() {
        fails(NullPointerException.class, "name", () -> new Microthread((String) null));
        fails(NullPointerException.class, "name", () -> new Microthread(() -> { }, null));
    }

    @Test
    void nullNameInSetNameIsRejected() {
        Microthread t = new Microthread(() -> { }, "kept");
        fails(NullPointerException.class, "name", () -> t.setName(null));
        assertTrue(t.getName().equals("kept"));
    }

    @Test
    void nullTaskToStaticStartIsRejected() {
        fails(NullPointerException.class, "task", () -> Microthread.start(null));
    }

    @Test
    void negativeSleepIsRejected() {
        inMicrothread(() -> fails(IllegalArgumentException.class, "negative", () -> Microthread.sleep(-1)));
        fails(IllegalArgumentException.class, "negative", () -> Microthread.sleep(-1));
    }

    @Test
    void nullSleepDurationIsRejected() {
        inMicrothread(() -> fails(NullPointerException.class, "duration", () -> Microthread.sleep((Duration) null)));
    }

    @Test
    void negativeJoinTimeoutIsRejected() {
        inMicrothread(() -> {
            Microthread t = Microthread.start(() -> { });
            fails(IllegalArgumentException.class, "negative", () -> t.join(-5));
        });
    }

    @Test
    void nullJoinDurationIsRejected() {
        inMicrothread(() -> {
            Microthread t = Microthread.start(() -> { });
            fails(NullPointerException.class, "duration", () -> t.join((Duration) null));
        });
    }

    @Test
    void joinWithDurationOfAnUnstartedMicrothreadIsRejected() {
        Microthread t = new Microthread(() -> { }, "never-started");
        fails(IllegalThreadStateException.class, "not been started", () -> t.join(Duration.ofMillis(1)));
        fails(IllegalThreadStateException.class, "never-started", () -> t.join(Duration.ofMillis(1)));
    }

    @Test
    void startingTwiceIsRejectedNamingTheMicrothread() {
        inMicrothread(() -> {
            Microthread t = Microthread.builder().name("twice").start(() -> { });
            fails(IllegalThreadStateException.class, "twice", t::start);
            fails(IllegalThreadStateException.class, "already started", t::start);
        });
    }

    @Test
    void setDaemonAfterStartIsRejected() {
        inMicrothread(() -> {
            Microthread t = Microthread.builder().name("started-one").start(() -> { });
            fails(IllegalThreadStateException.class, "set daemon before start()", () -> t.setDaemon(false));
        });
    }

    @Test
    void selfJoinIsRejected() {
        inMicrothread(() -> {
            fails(IllegalStateException.class, "cannot join itself", () -> Microthread.current().join());
            fails(IllegalStateException.class, "cannot join itself", () -> Microthread.current().join(Duration.ofSeconds(1)));
        });
    }

    // ------------------------------------------------------------------ builder

    @Test
    void builderRejectsNullNameAndPrefix() {
        fails(NullPointerException.class, "name", () -> Microthread.builder().name(null));
        fails(NullPointerException.class, "prefix", () -> Microthread.builder().name(null, 0));
    }

    @Test
    void builderRejectsANegativeCounterStart() {
        fails(IllegalArgumentException.class, "start is negative", () -> Microthread.builder().name("w-", -1));
    }

    @Test
    void builderRejectsNullTasks() {
        final MicrothreadBuilder b = Microthread.builder();
        fails(NullPointerException.class, "task", () -> b.start(null));
        fails(NullPointerException.class, "task", () -> b.unstarted(null));
        fails(NullPointerException.class, "task", () -> b.factory().newMicrothread(null));
    }

    @Test
    void builderRejectsANullHandler() {
        fails(NullPointerException.class, "handler", () -> Microthread.builder().uncaughtExceptionHandler(null));
    }

    // ------------------------------------------------------------------ Scheduler

    @Test
    void runRejectsANullMain() {
        fails(NullPointerException.class, "main", () -> Run.scheduler().run((Callable<Object>) null));
        fails(NullPointerException.class, "main", () -> Run.scheduler().run((CheckedRunnable) null));
    }

    @Test
    void runningASchedulerTwiceIsRejected() {
        Scheduler s = Run.scheduler();
        s.run(() -> { });
        fails(IllegalStateException.class, "already run", () -> s.run(() -> { }));
        fails(IllegalStateException.class, "Create another", () -> s.run(() -> { }));
    }

    @Test
    void executeRejectsANullTask() {
        fails(NullPointerException.class, "task", () -> Run.scheduler().execute(null));
    }

    @Test
    void executeOnAClosedSchedulerIsRejected() {
        Scheduler s = Run.scheduler();
        s.close();
        fails(RejectedExecutionException.class, "closed", () -> s.execute(() -> { }));
    }

    @Test
    void schedulerBuilderRejectsNulls() {
        fails(NullPointerException.class, "backend", () -> Scheduler.builder().backend(null));
        fails(NullPointerException.class, "name", () -> Scheduler.builder().name(null));
        fails(NullPointerException.class, "handler", () -> Scheduler.builder().uncaughtExceptionHandler(null));
        fails(NullPointerException.class, "quiet", () -> Scheduler.builder().stallWarning(null));
    }

    @Test
    void schedulerBuilderRejectsANonPositiveStallWarning() {
        fails(IllegalArgumentException.class, "must be positive", () -> Scheduler.builder().stallWarning(Duration.ZERO));
        fails(IllegalArgumentException.class, "must be positive", () -> Scheduler.builder().stallWarning(Duration.ofSeconds(-1)));
    }

    @Test
    void anUnknownBackendIsRejectedSayingWhatIsInstalled() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Scheduler.builder().backend("no-such-backend").build());
        assertTrue(e.getMessage().contains("no-such-backend"), e.getMessage());
        assertTrue(e.getMessage().contains("not on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("installed"), e.getMessage());
    }

    @Test
    void startingOnAFinishedSchedulerIsRejected() {
        final Scheduler s = Run.scheduler();
        final Microthread[] main = new Microthread[1];
        s.run(() -> {
            main[0] = Microthread.current();
        });
        fails(RejectedExecutionException.class, "finished", () -> s.execute(() -> { }));
    }
}
