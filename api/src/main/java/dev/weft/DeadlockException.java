package dev.weft;

/**
 * Thrown when a scheduler proves that microthreads wait for something that can never happen:
 * nothing is runnable, no timer is pending, nothing outside the scheduler can wake anyone, and
 * non-daemon microthreads still wait (SPEC rule 9). The classic case is
 * {@code Channel.rendezvous().receive()} with no sender.
 *
 * <p>The message lists every waiting microthread: its name, id and state, what it waits on, and
 * its stack. Each waiting operation throws its own instance (so {@code finally} blocks run and
 * the stack trace shows where that microthread waited), and {@link Scheduler#run} then throws
 * one too.
 *
 * <p>A scheduler that accepts work from other threads cannot prove a deadlock; it logs a stall
 * warning with the same dump instead.
 */
public class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadlockException(String message) {
        super(message);
    }
}
