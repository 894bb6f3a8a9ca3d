package dev.weft;

import dev.weft.internal.Durations;
import dev.weft.internal.channel.ChannelCore;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A channel between microthreads: Go's channels, Stackless Python's tasklet channels. One side
 * {@linkplain #send sends} values, the other {@linkplain #receive receives} them, each value
 * exactly once, in send order.
 *
 * <pre>{@code
 * Channel<String> lines = Channel.buffered(16);
 * Microthread.start(() -> {
 *     try {
 *         for (String l : source) lines.send(l);
 *         lines.close();                        // the reader's loop ends after the last line
 *     } catch (InterruptedException e) {
 *         lines.close(e);
 *     }
 * });
 * for (String l : lines) System.out.println(l); // receives until closed and drained
 * }</pre>
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li>{@link #rendezvous()}: no buffer. A send waits until a receiver takes the value, a
 *       receive until a sender offers one.</li>
 *   <li>{@link #buffered(int) buffered(n)}: up to {@code n} values wait in the channel; a send
 *       waits only while it is full.</li>
 *   <li>{@link #unbounded()}: a send never waits.</li>
 * </ul>
 *
 * <h2>Ordering (SPEC §2, rules 3 and 4)</h2>
 * <ul>
 *   <li>Values are received in the order they were sent. Waiting senders and waiting receivers
 *       are each served oldest first: the receiver that blocked first gets the first value, and
 *       of twenty blocked senders the first to block is the first whose value is taken.</li>
 *   <li>Completing a waiting partner is a wake-up: the partner is appended to the tail of the run
 *       queue, and the microthread that completed it <em>keeps running</em>. Nothing switches
 *       directly to the other side.</li>
 *   <li>A send finds a waiting receiver only when the buffer is empty; it then hands its value
 *       <em>directly</em> to the oldest waiting receiver (the buffer stays empty) and returns at
 *       once. A receive that takes the buffer's head moves the oldest waiting sender's value into
 *       the freed slot and wakes that sender.</li>
 * </ul>
 * For example, with {@code ch = Channel.buffered(1)} and a microthread R that blocked first in
 * {@code receive()}:
 * <pre>{@code
 * // R: for (int i = 0; i < 3; i++) trace("R got " + ch.receive());    (blocked, waiting)
 * ch.send(1); trace("S sent 1");  // handed to R directly; R is queued, S keeps running
 * ch.send(2); trace("S sent 2");  // nobody waits now: 2 goes into the buffer
 * ch.send(3); trace("S sent 3");  // the buffer is full: S waits, R runs
 * // trace: S sent 1, S sent 2, R got 1, R got 2, R got 3, S sent 3
 * // (R's second receive took 2 from the buffer, moved 3 into it and woke S)
 * }</pre>
 *
 * <h2>Closing</h2>
 * {@link #close()} marks the end of the stream; {@link #close(Throwable)} ends it with a failure.
 * After either:
 * <ul>
 *   <li>every send (and {@link #trySend}) throws {@link ChannelClosedException};</li>
 *   <li>values already in the buffer are still delivered, in order;</li>
 *   <li>once they are drained, every receive (timed or not, and {@link #tryReceive}) throws
 *       {@link ChannelClosedException}, with the close cause as its cause, and iteration ends
 *       (or throws, after {@code close(cause)});</li>
 *   <li>microthreads waiting at the time of the close are woken (appended to the run queue,
 *       senders first, each oldest first): waiting senders throw
 *       {@code ChannelClosedException} (their values were never delivered); waiting receivers
 *       (the buffer was empty) throw it too.</li>
 * </ul>
 * Closing twice is harmless: the second call changes nothing and returns false.
 *
 * <h2>Interrupts and timeouts</h2>
 * The blocking operations behave as the JDK's blocking methods do: one called with the
 * microthread's interrupt flag set throws {@link InterruptedException} at once (clearing the
 * flag), before anything else is checked; an interrupt while waiting wakes the microthread, which
 * throws {@code InterruptedException} with the flag cleared and leaves the channel as if it had
 * never waited (an interrupted sender's value is not delivered). A waiter that was completed
 * before the interrupt arrived returns normally and keeps the flag set. Timeouts are measured
 * on the scheduler's {@linkplain Scheduler#clock() clock} (the virtual clock in tests); a zero or
 * negative timeout tries once without waiting.
 *
 * <h2>Where it can be used</h2>
 * Every operation except {@link #isClosedForSend()}, {@link #isClosedForReceive()} and
 * {@link #toString()} must be called from a microthread, else it throws
 * {@link IllegalStateException}. A channel serves the microthreads of one scheduler at a time:
 * while microthreads of one running scheduler wait on it, a microthread of another scheduler
 * that uses it gets {@code IllegalStateException}. Null values are rejected with
 * {@link NullPointerException}, as by {@code java.util.concurrent} queues.
 *
 * @param <T> the type of the values
 * @see Select
 * @see Microthreads#generate(Microthreads.Producer)
 */
public final class Channel<T> implements Iterable<T> {
    private final ChannelCore<T> core;

    private Channel(int capacity) {
        this.core = new ChannelCore<T>(capacity, this);
    }

    /**
     * A channel without a buffer: each send waits for a receiver and each receive for a sender.
     *
     * @param <T> the type of the values
     * @return a new, open channel
     */
    public static <T> Channel<T> rendezvous() {
        return new Channel<T>(0);
    }

    /**
     * A channel that holds up to {@code capacity} values that no receiver has taken yet; a send
     * waits only while it is full.
     *
     * @param <T> the type of the values
     * @param capacity how many values the buffer holds, at least 1
     * @return a new, open channel
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static <T> Channel<T> buffered(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Channel.buffered(" + capacity + "): the capacity must be at"
                    + " least 1; use Channel.rendezvous() for a channel without a buffer");
        }
        return new Channel<T>(capacity);
    }

    /**
     * A channel whose buffer grows as needed: a send never waits (but fails if it is closed).
     *
     * @param <T> the type of the values
     * @return a new, open channel
     */
    public static <T> Channel<T> unbounded() {
        return new Channel<T>(ChannelCore.UNBOUNDED);
    }

    ChannelCore<T> core() {
        return core;
    }

    // ------------------------------------------------------------------ send

    /**
     * Sends {@code value}, waiting as long as needed: it is handed to the oldest waiting
     * receiver, else buffered if there is room, else the caller waits (behind every sender that
     * waited before it) until a receiver takes it.
     *
     * @param value the value to send
     * @throws NullPointerException if {@code value} is null
     * @throws InterruptedException if the microthread is interrupted before or while waiting (the
     *         flag is cleared and the value is not sent)
     * @throws ChannelClosedException if the channel is closed, or is closed while the caller
     *         waits (the value is not sent)
     * @throws IllegalStateException if not called from a microthread
     */
    public void send(T value) throws InterruptedException {
        core.send(Objects.requireNonNull(value, "Channel.send: the value is null; channels do not carry null"),
                ChannelCore.FOREVER, "Channel.send");
    }

    /**
     * Sends {@code value}, waiting at most {@code timeout} for a receiver or for room in the
     * buffer. A zero or negative timeout tries once without waiting.
     *
     * @param value the value to send
     * @param timeout how long to wait at most, on the scheduler's clock
     * @return true if the value was handed over or buffered; false if the timeout passed first
     *         (the value is not sent)
     * @throws NullPointerException if {@code value} or {@code timeout} is null
     * @throws InterruptedException if the microthread is interrupted before or while waiting (the
     *         flag is cleared and the value is not sent)
     * @throws ChannelClosedException if the channel is closed, or is closed while the caller waits
     * @throws IllegalStateException if not called from a microthread
     */
    public boolean send(T value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "Channel.send: the value is null; channels do not carry null");
        return core.send(value, nanos(timeout, "Channel.send"), "Channel.send");
    }

    /**
     * Sends {@code value} if that is possible without waiting: a receiver is waiting for it, or
     * the buffer has room. Never suspends; does not look at the interrupt flag.
     *
     * @param value the value to send
     * @return true if the value was handed over or buffered, false otherwise (nothing changed)
     * @throws NullPointerException if {@code value} is null
     * @throws ChannelClosedException if the channel is closed (a closed channel never accepts a
     *         value, so a false result would have the caller retry forever)
     * @throws IllegalStateException if not called from a microthread
     */
    public boolean trySend(T value) {
        return core.trySend(Objects.requireNonNull(value,
                "Channel.trySend: the value is null; channels do not carry null"), "Channel.trySend");
    }

    // ------------------------------------------------------------------ receive

    /**
     * Receives the next value, waiting as long as needed: the buffer's head (whose slot is then
     * refilled from the oldest waiting sender), else the oldest waiting sender's value, else the
     * caller waits (behind every receiver that waited before it) for a sender.
     *
     * @return the value, never null
     * @throws InterruptedException if the microthread is interrupted before or while waiting (the
     *         flag is cleared and no value is taken)
     * @throws ChannelClosedException if the channel is closed and drained, now or while the caller
     *         waits; its cause is the one given to {@link #close(Throwable)}, or null
     * @throws IllegalStateException if not called from a microthread
     */
    public T receive() throws InterruptedException {
        return core.receive(ChannelCore.FOREVER, "Channel.receive");
    }

    /**
     * Receives the next value, waiting at most {@code timeout}. A zero or negative timeout tries
     * once without waiting.
     *
     * @param timeout how long to wait at most, on the scheduler's clock
     * @return the value, or null if the timeout passed first
     * @throws NullPointerException if {@code timeout} is null
     * @throws InterruptedException if the microthread is interrupted before or while waiting (the
     *         flag is cleared and no value is taken)
     * @throws ChannelClosedException if the channel is closed and drained, now or while the caller
     *         waits; its cause is the one given to {@link #close(Throwable)}, or null
     * @throws IllegalStateException if not called from a microthread
     */
    public T receive(Duration timeout) throws InterruptedException {
        return core.receive(nanos(timeout, "Channel.receive"), "Channel.receive");
    }

    /**
     * Receives a value if one is ready: in the buffer, or offered by a waiting sender. Never
     * suspends; does not look at the interrupt flag.
     *
     * @return the value, or null if none is ready
     * @throws ChannelClosedException if the channel is closed and drained (no value will ever be
     *         ready); its cause is the one given to {@link #close(Throwable)}, or null
     * @throws IllegalStateException if not called from a microthread
     */
    public T tryReceive() {
        return core.tryReceive("Channel.tryReceive");
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes the channel: no value can be sent any more; buffered values are still delivered,
     * after which receives throw {@link ChannelClosedException} and iteration ends. Waiting
     * senders and receivers are woken and throw {@code ChannelClosedException} (see the class
     * comment). The caller keeps running.
     *
     * @return true if this call closed the channel, false if it was already closed (then nothing
     *         changes: in particular a cause given earlier stays)
     * @throws IllegalStateException if not called from a microthread
     */
    public boolean close() {
        return core.close(null, "Channel.close");
    }

    /**
     * Closes the channel because of a failure: as {@link #close()}, but once the buffer is
     * drained every receive, and iteration, throws a {@link ChannelClosedException} whose cause
     * is {@code cause} (the same object, stack intact). Sends after the close throw one with the
     * same cause.
     *
     * @param cause why the stream ended; every receive after the drain rethrows it as its cause
     * @return true if this call closed the channel, false if it was already closed (then
     *         {@code cause} is ignored)
     * @throws NullPointerException if {@code cause} is null (use {@link #close()} to end normally)
     * @throws IllegalStateException if not called from a microthread
     */
    public boolean close(Throwable cause) {
        Objects.requireNonNull(cause, "Channel.close(cause): the cause is null; call close() to close"
                + " the channel without a failure");
        return core.close(cause, "Channel.close");
    }

    /**
     * Whether the channel is closed, so that every send fails. A snapshot; may be called from any
     * thread.
     *
     * @return true once {@link #close()} or {@link #close(Throwable)} has been called
     */
    public boolean isClosedForSend() {
        return core.isClosedForSend();
    }

    /**
     * Whether the channel is closed and drained, so that every receive fails and iteration ends.
     * A snapshot; may be called from any thread.
     *
     * @return true once the channel is closed and its buffer is empty
     */
    public boolean isClosedForReceive() {
        return core.isClosedForReceive();
    }

    // ------------------------------------------------------------------ iteration

    /**
     * An iterator that receives from this channel: {@code hasNext()} waits for the next value (as
     * {@link #receive()}) and returns false once the channel is closed and drained. Each call
     * makes a new iterator over the same stream; values taken by one are not seen by another.
     * Iterators must be used from a microthread; {@code remove()} is not supported.
     *
     * <p>{@code hasNext()} and {@code next()} throw:
     * <ul>
     *   <li>{@link ChannelClosedException} (cause: the failure) once the channel is drained after
     *       {@link #close(Throwable)}, so a failed stream is never mistaken for a finished one;</li>
     *   <li>{@link IterationInterruptedException} if the microthread is interrupted while waiting,
     *       or enters with its flag set: an {@link Iterator} cannot throw
     *       {@link InterruptedException}, so the iterator sets the interrupt flag again (the
     *       microthread's next blocking operation sees it) and throws this unchecked exception,
     *       whose cause is the {@code InterruptedException};</li>
     *   <li>{@code next()} throws {@link NoSuchElementException} once {@code hasNext()} is
     *       false.</li>
     * </ul>
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<T>() {
            private T next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    next = core.receive(ChannelCore.FOREVER, "Channel iteration");
                    return true;
                } catch (ChannelClosedException e) {
                    if (e.getCause() != null) {
                        throw e;
                    }
                    ended = true;
                    return false;
                } catch (InterruptedException e) {
                    Microthread.current().interrupt();
                    throw new IterationInterruptedException("iteration over " + core.describe()
                            + " was interrupted while waiting for a value; the interrupt flag is set"
                            + " again. Catch this exception to stop iterating early.", e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(core.describe()
                            + " is closed and drained: the iteration has ended");
                }
                T x = next;
                next = null;
                return x;
            }
        };
    }

    /**
     * Thrown by a channel's iterator when the iterating microthread is interrupted (its flag is
     * set again; the cause is the {@link InterruptedException}). Unchecked because
     * {@link Iterator} methods cannot throw {@code InterruptedException}.
     */
    public static class IterationInterruptedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message where the iteration was interrupted
         * @param cause the interrupt
         */
        public IterationInterruptedException(String message, InterruptedException cause) {
            super(message, cause);
        }

        @Override
        public synchronized InterruptedException getCause() {
            return (InterruptedException) super.getCause();
        }
    }

    /**
     * The channel's identity, kind and state, for example
     * {@code Channel@1b6d3586 (buffered 4, 2 buffered, closed)}.
     */
    @Override
    public String toString() {
        return core.toString();
    }

    private static long nanos(Duration timeout, String op) {
        long n = Durations.toNanos(Objects.requireNonNull(timeout, op + ": the timeout is null; pass"
                + " Duration.ZERO to try once without waiting, or call the method without a timeout to wait"
                + " as long as needed"));
        return n <= 0 ? 0 : n;
    }
}
