package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.spi.Strand;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy sequence computed by a body that {@linkplain Yielder#yield yields} its values one at a
 * time, from any call depth: an {@link Iterable} backed by a {@link Coroutine}.
 *
 * <pre>{@code
 * try (Generator<Integer> g = Generator.of(y -> {
 *     try {
 *         y.yield(1);
 *         y.yieldAll(Arrays.asList(2, 3));
 *     } finally {
 *         System.out.println("cleanup");        // runs when the body ends, or on close()
 *     }
 * })) {
 *     for (int v : g) {
 *         if (v == 2) break;                     // leaving early: close() runs the finally
 *     }
 * }
 * }</pre>
 *
 * <h2>Laziness and order</h2>
 * The body does not run until the iterator is asked for a value. Each {@link Iterator#hasNext()}
 * that has no value in hand runs the body until it yields the next value (or ends); the body then
 * stays suspended until the next value is asked for. So the body computes exactly one value ahead
 * of nothing: after {@code n} calls to {@code next()} it has yielded exactly {@code n} values
 * (plus one if {@code hasNext()} was called again). The body runs on the microthread that
 * iterates, as a coroutine does (see {@link Coroutine}): no other microthread runs meanwhile,
 * unless the body blocks, which blocks the iterating microthread.
 *
 * <h2>One pass</h2>
 * A generator is a single sequence: {@link #iterator()} (and {@link #stream()}, which uses it)
 * may be called once. Values may be null.
 *
 * <h2>Exceptions</h2>
 * An exception thrown by the body comes out of the {@code hasNext()} or {@code next()} that ran
 * it, the same instance, unwrapped (a checked one too, although those methods do not declare
 * it); the sequence then ends.
 *
 * <h2>Closing</h2>
 * {@link #close()} raises {@link CoroutineExit} at the body's suspension point so that its
 * {@code finally} blocks run, and ends the sequence. Use try-with-resources whenever the loop
 * may stop before the end, including around {@link #stream()} with {@code limit} or
 * {@code findFirst}. A generator whose body started but is neither exhausted nor closed never
 * runs its {@code finally} blocks (see {@link Coroutine}, "Closing").
 *
 * <h2>Threads</h2>
 * Iterate and close from a microthread (any microthread of the scheduler that first iterated
 * it); {@link IllegalStateException} otherwise. {@link #of} may be called from anywhere.
 *
 * @param <T> the type of the values
 */
public final class Generator<T> implements Iterable<T>, AutoCloseable {

    /**
     * The body of a generator.
     *
     * @param <T> the type of the values
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Produces the values by calling {@code yielder}.
         *
         * @param yielder hands each value to the consumer; valid only inside this body
         * @throws Exception anything; it comes out of the iterator's {@code hasNext()} or
         *         {@code next()}
         */
        void generate(Yielder<T> yielder) throws Exception;
    }

    /**
     * Hands values to the consumer of a generator; valid only inside the generator's body.
     *
     * @param <T> the type of the values
     */
    public interface Yielder<T> {
        /**
         * Hands {@code value} to the consumer and suspends the body until the next value is asked
         * for. Returns then; never returns if the generator is dropped without being closed.
         *
         * @param value the next value; may be null
         * @throws CoroutineExit if the generator is closed meanwhile: let it propagate
         * @throws IllegalStateException if called outside this generator's running body (the
         *         yielder escaped its body, or is used from a nested coroutine or another thread)
         */
        void yield(T value);

        /**
         * Yields every value of {@code values}, in its iteration order, lazily: one value is taken
         * from {@code values} each time the consumer asks for one. If {@code values} is a
         * {@link Generator} (a recursive generator, say), it is closed when this method ends,
         * normally or not, so closing this generator also runs the {@code finally} blocks of the
         * one it delegates to.
         *
         * @param values the values to yield
         * @throws NullPointerException if {@code values} is null
         * @throws CoroutineExit if the generator is closed meanwhile: let it propagate
         * @throws IllegalStateException as {@link #yield(Object)}
         */
        void yieldAll(Iterable<? extends T> values);
    }

    /** Package-private, not private: the nested classes read it without a synthetic accessor. */
    final Coroutine<Void, T> coroutine;
    private boolean iterated;

    private Generator(Body<T> body) {
        Objects.requireNonNull(body, "Generator body is null; pass a lambda y -> { y.yield(..); }");
        this.coroutine = new Coroutine<Void, T>(this, body);
        coroutine.yielder = new YielderImpl();
    }

    /**
     * A generator whose values are those {@code body} yields. Does not run the body.
     *
     * @param <T> the type of the values
     * @param body what produces the values
     * @return a new generator, not started
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> Generator<T> of(Body<T> body) {
        return new Generator<T>(body);
    }

    /**
     * The iterator over this generator's values; it runs the body lazily (see the class
     * comment). Its {@code remove()} is unsupported. Its {@code next()} throws
     * {@link NoSuchElementException} after the last value or after {@link #close()}.
     *
     * @return the single iterator of this generator
     * @throws IllegalStateException if this generator was iterated before (by {@code iterator()}
     *         or {@link #stream()}): a generator is a single pass
     */
    @Override
    public Iterator<T> iterator() {
        if (iterated) {
            throw new IllegalStateException(this + " was already iterated; a generator is a single pass over its"
                    + " body. Create a new Generator for another pass.");
        }
        iterated = true;
        return new Iter();
    }

    /**
     * A sequential, ordered stream of this generator's values, pulled lazily from its body:
     * short-circuiting operations such as {@code limit} or {@code findFirst} stop the body early.
     * Closing the stream closes this generator. Counts as this generator's single iteration.
     *
     * @return a stream over the values
     * @throws IllegalStateException if this generator was iterated before
     */
    public Stream<T> stream() {
        Iterator<T> it = iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                .onClose(new Runnable() {
                    @Override
                    public void run() {
                        close();
                    }
                });
    }

    /**
     * Ends the sequence: if the body is suspended at a yield, raises {@link CoroutineExit} there
     * so that its {@code finally} blocks run (see {@link Coroutine#close()}); if the body never
     * started, it never will. Harmless if the generator is exhausted or closed already.
     *
     * @throws IllegalStateException if the body yields again instead of ending; if called from
     *         inside the generator's own body; if the suspended body belongs to another
     *         scheduler or the caller is a plain thread
     * @throws RuntimeException (or an {@link Error}, or a checked exception although undeclared)
     *         thrown by the body while unwinding, e.g. from a {@code finally}
     */
    @Override
    public void close() {
        coroutine.close("Generator.close");
    }

    /**
     * Whether the body has ended (exhausted, failed or closed). Any thread.
     *
     * @return true once no more values can come
     */
    public boolean isDone() {
        return coroutine.isDone();
    }

    @Override
    public String toString() {
        return coroutine.toString();
    }

    final class Iter implements Iterator<T> {
        boolean ready;
        T next;

        @Override
        public boolean hasNext() {
            return ready || advance();
        }

        /** {@link #advance()} inlined: on the fallback backend a frame less per value. */
        @Override
        public T next() {
            if (!ready) {
                Coroutine<Void, T> c = coroutine;
                T v = c.state == Coroutine.DONE ? null : c.transfer("Generator iteration", null, null);
                if (c.state == Coroutine.DONE) {
                    throw new NoSuchElementException(Generator.this + " has no more values");
                }
                return v;
            }
            T v = next;
            next = null;
            ready = false;
            return v;
        }

        /** Runs the body to its next value (or its end); whether it yielded one. */
        private boolean advance() {
            // c.state rather than c.isDone(): on the fallback backend every call is instrumented
            Coroutine<Void, T> c = coroutine;
            if (c.state == Coroutine.DONE) {
                return false;
            }
            T v = c.transfer("Generator iteration", null, null);
            if (c.state == Coroutine.DONE) {
                return false; // the body returned; its (null) return value is not a value of the sequence
            }
            next = v;
            ready = true;
            return true;
        }
    }

    /**
     * The body's yielder: a yield is this one frame (see Coroutine's implementation notes, "Frames
     * on the yield path"; {@code Coroutine.SuspenderImpl.yield} is the same for plain coroutines).
     */
    final class YielderImpl implements Yielder<T> {
        @Override
        public void yield(T value) {
            // no local is live across the suspension but the strand: a capture saves little
            Fiber me = coroutine.resumer; // the test of Coroutine's "Frames on the yield path"
            if (coroutine.state != Coroutine.RUNNING || me == null
                    || !me.runsStrand(coroutine.strand, coroutine.lastThread)) {
                throw coroutine.misplacedYield();
            }
            Strand nested = me.beginNestedLeave();
            coroutine.handOver(value);
            try {
                if (nested != null) {
                    nested.suspend();
                } else {
                    coroutine.resumer.leaveStrand(coroutine.caller);
                }
            } catch (RuntimeException | Error e) {
                coroutine.yieldRefused();
                throw e;
            }
            // resumed: a generator's resume passes no input, but close() raises its exit here
            Throwable r = coroutine.takeRaise();
            if (r != null) {
                throw Coroutine.raise(r);
            }
        }

        @Override
        public void yieldAll(Iterable<? extends T> values) {
            Objects.requireNonNull(values, "yieldAll(null) in " + Generator.this + "; pass an Iterable");
            if (!(values instanceof Generator)) {
                for (T v : values) {
                    this.yield(v);
                }
                return;
            }
            Generator<? extends T> inner = (Generator<? extends T>) values;
            Throwable failure = null;
            try {
                for (T v : inner) {
                    this.yield(v);
                }
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                try {
                    inner.close();
                } catch (Throwable t) {
                    if (failure == null) {
                        throw t;
                    }
                    if (t != failure) {
                        failure.addSuppressed(t);
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "yielder of " + Generator.this;
        }
    }
}
