package dev.weft.compat.tasks;

import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Task;
import dev.weft.TaskScope;
import dev.weft.Timeouts;
import dev.weft.compat.support.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to tasks, scopes, executors and timeouts fails fast with a precise exception. */
class TasksBadInputTest {

    private static <X extends Throwable> void fails(Class<X> type, String messagePart, Executable call) {
        X e = assertThrows(type, call);
        assertTrue(String.valueOf(e.getMessage()).contains(messagePart),
                "expected the message to contain '" + messagePart + "' but was: " + e.getMessage());
    }

    @Test
    void forkOfNullBodyThrowsNullPointerException() {
        Run.virtual(() -> fails(NullPointerException.class, "body", () -> Microthread.fork(null)));
    }

    @Test
    void scopeForkOfNullBodyThrowsNullPointerException() {
        Run.virtual(() -> {
            try (TaskScope scope = TaskScope.open()) {
                fails(NullPointerException.class, "body", () -> scope.fork(null));
                scope.join();
            }
        });
    }

    @Test
    void timedGetWithNullUnitThrowsNullPointerException() {
        Run.virtual(() -> {
            Task<Integer> t = Microthread.fork(() -> 1);
            fails(NullPointerException.class, "unit", () -> t.get(1, null));
            t.join();
        });
    }

    @Test
    void aTaskWaitingForItselfThrowsIllegalStateException() {
        Run.virtual(() -> {
            final Task<?>[] self = new Task<?>[1];
            Task<IllegalStateException> t = Microthread.fork(() -> {
                Microthread.yield();
                return assertThrows(IllegalStateException.class, () -> self[0].join());
            });
            self[0] = t;
            assertTrue(t.join().getMessage().contains("wait for itself"), t.join().getMessage());
        });
    }

    @Test
    void openingAScopeOutsideAMicrothreadThrowsIllegalStateException() {
        fails(IllegalStateException.class, "TaskScope.open must be called from a microthread", TaskScope::open);
    }

    @Test
    void parallelMapRejectsNullsAndPlainThreads() {
        Run.virtual(() -> {
            fails(NullPointerException.class, "fn", () -> Microthreads.parallelMap(null, Arrays.asList(1)));
            fails(NullPointerException.class, "items", () -> Microthreads.parallelMap(x -> x, null));
        });
        fails(IllegalStateException.class, "Microthreads.parallelMap must be called from a microthread",
                () -> Microthreads.parallelMap(x -> x, Arrays.asList(1)));
    }

    @Test
    void withTimeoutRejectsNullsAndPlainThreads() {
        Run.virtual(() -> {
            fails(NullPointerException.class, "timeout", () -> Timeouts.withTimeout(null, () -> 1));
            fails(NullPointerException.class, "body", () -> Timeouts.withTimeout(Duration.ofSeconds(1), (Callable<Object>) null));
        });
        fails(IllegalStateException.class, "Timeouts.withTimeout must be called from a microthread",
                () -> Timeouts.withTimeout(Duration.ofSeconds(1), () -> 1));
    }

    @Test
    void executorRejectsNullTasksAndEmptyInvokeAny() {
        Run.virtual(() -> {
            try (Microthreads.TaskExecutor ex = Microthreads.newPerTaskExecutor()) {
                fails(NullPointerException.class, "task", () -> ex.submit((Callable<Object>) null));
                fails(NullPointerException.class, "command", () -> ex.execute(null));
                fails(NullPointerException.class, "is null",
                        () -> ex.invokeAll(Arrays.<Callable<Integer>>asList(() -> 1, null)));
                fails(IllegalArgumentException.class, "at least one task",
                        () -> ex.invokeAny(Collections.<Callable<Integer>>emptyList()));
                fails(NullPointerException.class, "unit", () -> ex.awaitTermination(1, null));
            }
        });
    }
}
