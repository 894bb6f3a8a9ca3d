package dev.weft;

import dev.weft.internal.Durations;
import dev.weft.internal.Fiber;
import dev.weft.internal.Wake;
import dev.weft.internal.channel.ChannelCore;
import dev.weft.internal.channel.SelectWaiter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Waits on several channel operations at once and performs exactly one of them: Go's
 * {@code select}.
 *
 * <pre>{@code
 * String what = Select.<String>builder()
 *         .onReceive(orders, order -> "order " + order)
 *         .onSend(audit, entry, () -> "audited")
 *         .onTimeout(Duration.ofSeconds(5), () -> "idle")
 *         .select();
 * }</pre>
 *
 * <h2>Choosing a clause</h2>
 * {@link Builder#select()} first looks at the channel clauses in the order they were declared
 * and performs the <em>first</em> one that is ready now: a receive clause is ready when a value
 * is buffered or a sender waits, or the channel is closed and drained; a send clause when a
 * receiver waits or the buffer has room, or the channel is closed. Unlike Go, which picks a
 * ready clause at random, the first declared wins, so programs stay deterministic (SPEC §2,
 * rule 8); put the clause that must not starve first, or rotate the order yourself.
 * <p>If no clause is ready: with an {@link Builder#orElse orElse} branch, that runs at once;
 * otherwise the microthread waits in every clause's channel queue at once (behind the waiters
 * already there, rule 4) until a partner completes one clause, the channel of a clause is
 * closed, or the {@link Builder#onTimeout timeout} passes. The first partner to arrive wins; the
 * other clauses are withdrawn before the microthread runs again (rule 3: the partner keeps
 * running, the selecting microthread is appended to the run queue), so exactly one operation
 * happens. Then the winning clause's handler runs on the selecting microthread, and
 * {@code select()} returns what it returned.
 *
 * <h2>Closed channels</h2>
 * <ul>
 *   <li>A send clause on a closed channel is ready, and selecting it throws
 *       {@link ChannelClosedException} out of {@code select()}, as {@link Channel#send} does.</li>
 *   <li>A receive clause on a closed, drained channel is ready. Declared with
 *       {@link Builder#onReceive(Channel, ReceiveHandler, ClosedHandler) an onClosed handler},
 *       that handler runs with the close cause (null after a plain {@code close()}); without one,
 *       {@code select()} throws {@link ChannelClosedException}, as {@link Channel#receive} does.
 *       To keep selecting over the other channels, drop that clause from the next select.</li>
 *   <li>A channel closed while the microthread waits makes its clause win in the same way.</li>
 * </ul>
 *
 * <h2>The same channel twice</h2>
 * A select may have several clauses on one channel (two receives, or a receive and a send).
 * Among them, the first declared is served first. A select never completes against itself: its
 * own receive and send clauses on one rendezvous channel do not match each other.
 *
 * <h2>Interrupts, timeouts, errors</h2>
 * {@code select()} throws {@link InterruptedException} (flag cleared, no clause performed) if the
 * microthread is interrupted before or while waiting, as the blocking {@link Channel} operations
 * do. The timeout is measured on the scheduler's clock from the call to {@code select()}; a zero
 * or negative timeout fires at once if no clause is ready. An exception thrown by a handler
 * propagates out of {@code select()} unchanged; the clause's operation has happened by then.
 *
 * <p>A builder is not thread-safe; it may be reused: each {@code select()} is a new selection over
 * the same clauses (a send clause sends the same value each time).
 */
public final class Select {
    private Select() {
    }

    /**
     * A new, empty select whose handlers return {@code R}.
     *
     * @param <R> the result type of {@link Builder#select()}
     * @return a builder without clauses
     */
    public static <R> Builder<R> builder() {
        return new Builder<R>();
    }

    /**
     * Runs when a receive clause wins, with the received value.
     *
     * @param <T> the type of the channel's values
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface ReceiveHandler<T, R> {
        /**
         * @param value the value the clause received
         * @return the result of {@code select()}
         * @throws InterruptedException if the handler blocks and is interrupted
         */
        R onReceive(T value) throws InterruptedException;
    }

    /**
     * Runs when a send, timeout or default clause wins.
     *
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface Handler<R> {
        /**
         * @return the result of {@code select()}
         * @throws InterruptedException if the handler blocks and is interrupted
         */
        R run() throws InterruptedException;
    }

    /**
     * Runs when a receive clause's channel is closed and drained.
     *
     * @param <R> the select's result type
     */
    @FunctionalInterface
    public interface ClosedHandler<R> {
        /**
         * @param cause the failure given to {@link Channel#close(Throwable)}, or null after {@link Channel#close()}
         * @return the result of {@code select()}
         * @throws InterruptedException if the handler blocks and is interrupted
         */
        R onClosed(Throwable cause) throws InterruptedException;
    }

    /**
     * The clauses of one select, in declaration order; ends with {@link #select()}.
     *
     * @param <R> the result type of {@link #select()}
     */
    public static final class Builder<R> {
        private final List<Clause<?, R>> clauses = new ArrayList<Clause<?, R>>();
        private Duration timeout;
        private Handler<R> onTimeout;
        private Handler<R> orElse;

        private Builder() {
        }

        /**
         * Adds a clause that receives from {@code channel} and passes the value to
         * {@code handler}. If the channel is closed and drained, {@code select()} throws
         * {@link ChannelClosedException} when this clause is chosen.
         *
         * @throws NullPointerException if an argument is null
         */
        public <T> Builder<R> onReceive(Channel<T> channel, ReceiveHandler<? super T, ? extends R> handler) {
            Objects.requireNonNull(channel, "Select.onReceive: the channel is null");
            Objects.requireNonNull(handler, "Select.onReceive: the handler is null");
            clauses.add(new Clause<T, R>(channel.core(), true, null, handler, null, null));
            return this;
        }

        /**
         * Adds a clause that receives from {@code channel} and passes the value to
         * {@code handler}, or, when the channel is closed and drained, runs {@code onClosed} with
         * the close cause (null after a plain {@link Channel#close()}).
         *
         * @throws NullPointerException if an argument is null
         */
        public <T> Builder<R> onReceive(Channel<T> channel, ReceiveHandler<? super T, ? extends R> handler,
                                        ClosedHandler<? extends R> onClosed) {
            Objects.requireNonNull(channel, "Select.onReceive: the channel is null");
            Objects.requireNonNull(handler, "Select.onReceive: the handler is null");
            Objects.requireNonNull(onClosed, "Select.onReceive: the onClosed handler is null");
            clauses.add(new Clause<T, R>(channel.core(), true, null, handler, null, onClosed));
            return this;
        }

        /**
         * Adds a clause that sends {@code value} on {@code channel}, then runs {@code handler}.
         * If the channel is closed, {@code select()} throws {@link ChannelClosedException} when
         * this clause is chosen.
         *
         * @throws NullPointerException if an argument is null (channels do not carry null)
         */
        public <T> Builder<R> onSend(Channel<T> channel, T value, Handler<? extends R> handler) {
            Objects.requireNonNull(channel, "Select.onSend: the channel is null");
            Objects.requireNonNull(value, "Select.onSend: the value is null; channels do not carry null");
            Objects.requireNonNull(handler, "Select.onSend: the handler is null");
            clauses.add(new Clause<T, R>(channel.core(), false, value, null, handler, null));
            return this;
        }

        /**
         * Gives up waiting after {@code timeout} (from the call to {@code select()}, on the
         * scheduler's clock) and runs {@code handler}. A zero or negative timeout fires at once
         * when no clause is ready.
         *
         * @throws NullPointerException if an argument is null
         * @throws IllegalStateException if a timeout or an {@code orElse} branch was already given
         */
        public Builder<R> onTimeout(Duration timeout, Handler<? extends R> handler) {
            Objects.requireNonNull(timeout, "Select.onTimeout: the timeout is null");
            Objects.requireNonNull(handler, "Select.onTimeout: the handler is null");
            if (onTimeout != null) {
                throw new IllegalStateException("Select.onTimeout: this select already has a timeout ("
                        + this.timeout + "); give one timeout per select");
            }
            if (orElse != null) {
                throw new IllegalStateException("Select.onTimeout: this select has an orElse branch, so it"
                        + " never waits and a timeout could never fire; drop one of them");
            }
            this.timeout = timeout;
            this.onTimeout = widen(handler);
            return this;
        }

        /**
         * Runs {@code handler} at once if no clause is ready, instead of waiting (Go's
         * {@code default}).
         *
         * @throws NullPointerException if {@code handler} is null
         * @throws IllegalStateException if an {@code orElse} branch or a timeout was already given
         */
        public Builder<R> orElse(Handler<? extends R> handler) {
            Objects.requireNonNull(handler, "Select.orElse: the handler is null");
            if (orElse != null) {
                throw new IllegalStateException("Select.orElse: this select already has an orElse branch;"
                        + " give one per select");
            }
            if (onTimeout != null) {
                throw new IllegalStateException("Select.orElse: this select has a timeout, which could never"
                        + " fire with an orElse branch (it never waits); drop one of them");
            }
            this.orElse = widen(handler);
            return this;
        }

        /**
         * Performs exactly one clause (see the class comment for which) and returns what its
         * handler returned.
         *
         * @throws InterruptedException if the microthread is interrupted before or while waiting
         *         (flag cleared; no clause was performed)
         * @throws ChannelClosedException if the chosen clause is a send on a closed channel, or a
         *         receive without onClosed handler on a closed, drained channel (cause: the close
         *         cause)
         * @throws IllegalStateException if not called from a microthread, or if the select has
         *         neither a clause, a timeout nor an orElse branch (it would wait forever)
         * @throws DeadlockException if the scheduler proves that no clause can ever complete
         */
        public R select() throws InterruptedException {
            if (clauses.isEmpty() && onTimeout == null && orElse == null) {
                throw new IllegalStateException("Select.select: the select has no clause, no timeout and no"
                        + " orElse branch, so it would wait forever; add at least one");
            }
            Fiber me = Fiber.require("Select.select");
            for (Clause<?, R> c : clauses) {
                c.channel.enter("Select.select");
            }
            me.checkInterrupt();
            for (Clause<?, R> c : clauses) {
                Attempt<R> a = c.tryNow();
                if (a != null) {
                    return a.run();
                }
            }
            if (orElse != null) {
                return orElse.run();
            }
            return await(me);
        }

        private R await(Fiber me) throws InterruptedException {
            long deadline = Fiber.NO_DEADLINE;
            if (onTimeout != null) {
                long nanos = Durations.toNanos(timeout);
                if (nanos <= 0) {
                    return onTimeout.run();
                }
                deadline = me.core().deadlineAfter(nanos);
            }
            SelectWaiter w = new SelectWaiter(me);
            Wake why;
            try {
                for (int i = 0; i < clauses.size(); i++) {
                    clauses.get(i).register(w, i);
                }
                why = me.park(w, null, true, deadline);
            } finally {
                w.withdraw();
            }
            switch (why) {
                case SIGNAL:
                    return clauses.get(w.winnerClause()).completed(w);
                case TIMEOUT:
                    return onTimeout.run();
                default:
                    me.consumeInterrupt();
                    throw new InterruptedException("Select.select was interrupted while waiting; no clause was"
                            + " performed");
            }
        }

        @SuppressWarnings("unchecked")
        private static <R> Handler<R> widen(Handler<? extends R> h) {
            return (Handler<R>) h;
        }
    }

    /** What to run once a clause was performed without waiting. */
    private interface Attempt<R> {
        R run() throws InterruptedException;
    }

    /** One receive or send clause. */
    private static final class Clause<T, R> {
        final ChannelCore<T> channel;
        final boolean receive;
        final T value;
        final ReceiveHandler<? super T, ? extends R> onReceive;
        final Handler<? extends R> onSent;
        final ClosedHandler<? extends R> onClosed;

        Clause(ChannelCore<T> channel, boolean receive, T value, ReceiveHandler<? super T, ? extends R> onReceive,
               Handler<? extends R> onSent, ClosedHandler<? extends R> onClosed) {
            this.channel = channel;
            this.receive = receive;
            this.value = value;
            this.onReceive = onReceive;
            this.onSent = onSent;
            this.onClosed = onClosed;
        }

        /** Performs the clause if it is ready now; null if it is not. */
        Attempt<R> tryNow() {
            if (receive) {
                final Object r = channel.pollNow();
                if (r == ChannelCore.EMPTY) {
                    return null;
                }
                if (r == ChannelCore.CLOSED) {
                    return new Attempt<R>() {
                        @Override
                        public R run() throws InterruptedException {
                            return closedForReceive();
                        }
                    };
                }
                return new Attempt<R>() {
                    @Override
                    public R run() throws InterruptedException {
                        return received(r);
                    }
                };
            }
            if (channel.isClosedForSend()) {
                throw channel.closedForSend("Select.select (send clause)");
            }
            if (!channel.offerNow(value)) {
                return null;
            }
            return new Attempt<R>() {
                @Override
                public R run() throws InterruptedException {
                    return onSent.run();
                }
            };
        }

        void register(SelectWaiter w, int index) {
            if (receive) {
                w.addReceive(channel, index);
            } else {
                w.addSend(channel, index, value);
            }
        }

        /** Runs the handler of this clause, which a partner completed while the select waited. */
        R completed(SelectWaiter w) throws InterruptedException {
            if (w.winnerClosed()) {
                if (receive) {
                    return closedForReceive();
                }
                throw channel.closedForSend("Select.select (send clause)");
            }
            return receive ? received(w.winnerItem()) : onSent.run();
        }

        private R closedForReceive() throws InterruptedException {
            if (onClosed == null) {
                throw channel.closedForReceive("Select.select (receive clause)");
            }
            return onClosed.onClosed(channel.closeCause());
        }

        @SuppressWarnings("unchecked")
        private R received(Object item) throws InterruptedException {
            return onReceive.onReceive((T) item);
        }
    }
}
