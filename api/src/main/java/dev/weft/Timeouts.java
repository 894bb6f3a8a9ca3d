package dev.weft;

import dev.weft.internal.Durations;
import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Deadlines for blocks of code, measured on the scheduler's clock (virtual or system).
 *
 * <pre>{@code
 * String page = Timeouts.withTimeout(Duration.ofSeconds(2), () -> fetch(url));
 * }</pre>
 */
public final class Timeouts {
    private Timeouts() {
    }

    /**
     * Runs {@code body} in the calling microthread and returns its result, unless the deadline
     * ({@code timeout} from now, on the scheduler's clock) passes first.
     *
     * <h4>What happens at the deadline</h4>
     * weft is cooperative: the deadline is a timer, and it fires when the body suspends (sleeps,
     * waits in a weft operation, yields) at or after the deadline. It then
     * {@linkplain Microthread#interrupt() interrupts} the calling microthread, so the body's
     * current or next interruptible weft operation throws {@link InterruptedException}, its
     * {@code finally} blocks run, and once the body has ended, however it ended, this method
     * throws {@link TimeoutException}:
     * <ul>
     *   <li>its cause is what the body threw after being interrupted (usually that
     *       {@code InterruptedException}), or none if the body returned;</li>
     *   <li>if the body swallowed the interrupt and kept going, this method still waits for it to
     *       end (it runs in the caller: nothing can stop it from outside), discards its result,
     *       and throws {@code TimeoutException};</li>
     *   <li>the caller's interrupt flag is clear afterwards: the interrupt the timeout delivered
     *       is consumed if the body did not consume it. (An interrupt from elsewhere that arrives
     *       after the deadline cannot be told apart from it and is consumed too.)</li>
     * </ul>
     * A body that finishes without suspending after the deadline has passed was never
     * interrupted, and its result is returned.
     *
     * <p>If the deadline did not pass, the body's outcome is this method's: its value is
     * returned; an unchecked exception or error, an {@link InterruptedException} (an interrupt from
     * elsewhere) or a {@link TimeoutException} (an inner timeout) propagates unchanged; any other
     * checked exception propagates as the cause of a {@link CompletionException}.
     *
     * <p>A zero or negative {@code timeout} has already passed: the body does not run, and
     * {@code TimeoutException} is thrown at once. Timeouts nest: an inner one that is shorter
     * throws its own {@code TimeoutException} through the outer one.
     *
     * @throws TimeoutException if the deadline passed while the body ran (see above)
     * @throws InterruptedException if the body threw it before the deadline
     * @throws NullPointerException if {@code timeout} or {@code body} is null
     * @throws IllegalStateException if called outside a microthread
     */
    public static <T> T withTimeout(Duration timeout, Callable<T> body) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(body, "body");
        final Fiber me = Fiber.require("Timeouts.withTimeout");
        long nanos = Durations.toNanos(timeout);
        if (nanos <= 0) {
            throw new TimeoutException("withTimeout(" + timeout + "): the timeout is not positive, so the deadline had already passed; the body did not run");
        }
        SchedulerCore core = me.core();
        final boolean[] fired = new boolean[1];
        final boolean[] running = {true};
        Object timer = core.schedule(core.deadlineAfter(nanos), new Runnable() {
            @Override
            public void run() {
                if (running[0]) {
                    fired[0] = true;
                    me.interrupt();
                }
            }
        });
        T value;
        Throwable thrown = null;
        try {
            value = body.call();
        } catch (Throwable t) {
            value = null;
            thrown = t;
        } finally {
            running[0] = false;
            core.cancel(timer);
        }
        if (fired[0]) {
            me.consumeInterrupt();
            TimeoutException e = new TimeoutException("withTimeout(" + timeout + "): the body was still running at the deadline and was interrupted"
                    + (thrown == null ? "; it returned anyway, and its result was discarded" : ""));
            if (thrown != null) {
                e.initCause(thrown);
            }
            throw e;
        }
        if (thrown == null) {
            return value;
        }
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        }
        if (thrown instanceof Error) {
            throw (Error) thrown;
        }
        if (thrown instanceof InterruptedException) {
            throw (InterruptedException) thrown;
        }
        if (thrown instanceof TimeoutException) {
            throw (TimeoutException) thrown;
        }
        throw new CompletionException(thrown);
    }

    /**
     * Runs {@code body} in the calling microthread unless the deadline passes first; exactly
     * {@link #withTimeout(Duration, Callable)} for a body without a result.
     *
     * @throws TimeoutException if the deadline passed while the body ran
     * @throws InterruptedException if the body threw it before the deadline
     * @throws NullPointerException if {@code timeout} or {@code body} is null
     * @throws IllegalStateException if called outside a microthread
     */
    public static void withTimeout(Duration timeout, final CheckedRunnable body) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(body, "body");
        withTimeout(timeout, new Callable<Void>() {
            @Override
            public Void call() throws Exception {
                body.run();
                return null;
            }
        });
    }
}
