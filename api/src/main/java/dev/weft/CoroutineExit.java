package dev.weft;

/**
 * The signal that {@link Coroutine#close()} (and so {@link Generator#close()}) raises at a
 * coroutine's suspension point, so that the body unwinds and its {@code finally} blocks run.
 *
 * <p>It is an {@link Error}, not an {@link Exception}, so that the common
 * {@code catch (Exception e)} does not swallow it. A body that catches {@code Throwable} (or this
 * class) must rethrow it; a body that yields again instead makes {@code close()} throw
 * {@link IllegalStateException}. A body that returns normally after catching it is considered
 * closed.
 *
 * <p>weft creates a new instance for every close; it carries no stack trace (it is a signal,
 * not a failure) and is never thrown to code outside the closed body.
 */
public final class CoroutineExit extends Error {
    private static final long serialVersionUID = 1L;

    CoroutineExit(String coroutine) {
        super("exit signal raised by close() of " + coroutine
                + "; a body must let it propagate (rethrow it if you catch Throwable)", null, false, false);
    }
}
