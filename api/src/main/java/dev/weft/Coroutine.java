package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.SchedulerCore;
import dev.weft.spi.Strand;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stackful, asymmetric coroutine: a body that runs when {@linkplain #resume resumed} and gives
 * control back to its resumer when it {@linkplain Suspender#yield yields}, from any call depth.
 *
 * <pre>{@code
 * Coroutine<Integer, Integer> sum = Coroutine.create((suspender, first) -> {
 *     int total = first;
 *     while (true) {
 *         total += suspender.yield(total);   // hands total to the resumer, waits for the next input
 *     }
 * });
 * sum.resume(1);  // 1
 * sum.resume(2);  // 3
 * sum.resume(10); // 13
 * sum.close();    // raises CoroutineExit in the body: its finally blocks run
 * }</pre>
 *
 * <h2>Passing values</h2>
 * The first {@link #resume(Object) resume(in)} starts the body with {@code in} as its
 * {@code first} argument. The body runs until it calls {@link Suspender#yield(Object)
 * suspender.yield(out)}, which makes that {@code resume} return {@code out}; the next
 * {@code resume(in2)} makes that {@code yield} return {@code in2}. When the body returns, the
 * {@code resume} that is running returns the body's return value and the coroutine
 * {@linkplain #isDone() is done}. Values may be null.
 *
 * <h2>Scheduling</h2>
 * A coroutine is not a microthread: it runs on the microthread that resumes it.
 * <ul>
 *   <li>{@code resume} hands the carrier to the body at once, without the run queue; {@code yield}
 *       hands it straight back. Between a {@code resume} and the next yield (or the body's end)
 *       no other microthread runs, unless the body blocks.</li>
 *   <li>Inside the body, {@link Microthread#current()} is the resumer. A body that blocks (sleeps,
 *       waits on a channel or a lock, joins) blocks its resumer with it: the resumer's
 *       {@code resume} returns only after the body has woken up and yielded or ended. An
 *       interrupt of the resumer interrupts the blocked body.</li>
 *   <li>Any microthread of the coroutine's scheduler may resume it, one at a time: the first
 *       {@code resume} binds the coroutine to the resumer's scheduler, and a later resume may
 *       come from another microthread of that scheduler.</li>
 *   <li>Coroutines nest: a body may resume another coroutine; that one's yields return to the
 *       body that resumed it.</li>
 *   <li>The body runs on its resumer's thread, as a method call would: inside it
 *       {@link Thread#currentThread()} and every {@code ThreadLocal} are the resumer's (on loom
 *       the body is a bare JDK continuation run inside the resumer's virtual thread; on fallback
 *       a woven continuation run on the resumer's stack).</li>
 * </ul>
 *
 * <h2>Exceptions</h2>
 * An exception the body throws (checked or not) comes out of the {@code resume},
 * {@code throwInto} or {@code close} that was running, as the same instance, unwrapped, with
 * the body's stack trace; the coroutine is then done. A checked exception is thrown although
 * these methods do not declare it: catch {@code Exception} around them if the body may throw one.
 *
 * <h2>Closing</h2>
 * {@link #close()} raises a {@link CoroutineExit} at the suspension point so that the body's
 * {@code finally} blocks run. A coroutine that is started but never finished nor closed never
 * runs its {@code finally} blocks; its saved stack is garbage once nothing references the
 * coroutine (on both backends it is a plain object, not a thread). Finish or close every
 * coroutine whose {@code finally} blocks matter, e.g. with try-with-resources.
 *
 * <h2>Threads</h2>
 * All methods except {@link #isDone()} and {@link #toString()} must be called from a microthread
 * of the coroutine's scheduler ({@link IllegalStateException} otherwise); the coroutine needs
 * no locking. {@code isDone} may be called from any thread.
 *
 * @param <I> the type of the values passed in by {@code resume}
 * @param <O> the type of the values yielded (and of the body's return value)
 */
public final class Coroutine<I, O> implements AutoCloseable {

    /**
     * The body of a coroutine.
     *
     * @param <I> the type of the values passed in by {@code resume}
     * @param <O> the type of the values yielded and returned
     */
    @FunctionalInterface
    public interface Body<I, O> {
        /**
         * Runs the coroutine.
         *
         * @param suspender yields values to the resumer; valid only inside this body
         * @param first the argument of the first {@link Coroutine#resume(Object) resume}
         * @return the value the last {@code resume} returns
         * @throws Exception anything; it comes out of the {@code resume} that is running
         */
        O run(Suspender<I, O> suspender, I first) throws Exception;
    }

    /**
     * Suspends the running coroutine, from any call depth inside its body.
     *
     * @param <I> the type of the values passed in by {@code resume}
     * @param <O> the type of the values yielded
     */
    public interface Suspender<I, O> {
        /**
         * Suspends the coroutine: the {@code resume} that is running returns {@code value} to
         * the resumer. Returns when the coroutine is resumed again, with that resume's input.
         *
         * <p>If the coroutine is resumed with {@link Coroutine#throwInto(Throwable)}, this method
         * throws that throwable (even a checked one, although it does not declare it). If it is
         * {@linkplain Coroutine#close() closed}, this method throws {@link CoroutineExit}: let it
         * propagate. If the resumer never resumes nor closes the coroutine, this method never
         * returns.
         *
         * @param value the value to hand to the resumer; may be null
         * @return the input of the next {@code resume}
         * @throws IllegalStateException if this suspender's coroutine is not the one running on
         *         the calling microthread (the suspender escaped its body, or is used from inside a
         *         nested coroutine or from another thread)
         */
        I yield(O value);

        /**
         * The coroutine this suspender belongs to.
         *
         * @return the coroutine whose body received this suspender
         */
        Coroutine<I, O> coroutine();
    }

    // ------------------------------------------------------------------ state

    /*
     * Implementation notes.
     *
     *   NEW ──resume──▶ RUNNING ──yield──▶ SUSPENDED ──resume / throwInto / close──▶ RUNNING
     *    │                 └──body returns or throws──▶ DONE
     *    └──close / throwInto──▶ DONE (the body never runs)
     *
     * The body runs on a strand of its own, made by the scheduler core on the first resume (which
     * binds the coroutine to that core). Control moves only through the core's mechanism, never the
     * run queue: resume is fiber.enterStrand(body strand), yield is fiber.leaveStrand(caller), and the
     * end of the body is fiber.endStrand(caller) (switches on loom, nested calls on fallback: see
     * Fiber). The fiber is whichever microthread resumed; the
     * caller is the strand that was active on it (its own, or an enclosing coroutine's), so nested
     * coroutines return to the right place and Microthread.current() inside the body is the
     * resumer. Because a fiber runs its active strand when woken, a body that blocks blocks the
     * resumer with it.
     *
     * Values and throwables cross through the hand-over fields below, written just before a switch
     * and read just after it; only one strand of the carrier runs at a time, so no locking. State
     * RUNNING doubles as the re-entrancy guard. If a switch cannot suspend the calling strand (the
     * backend refuses, e.g. a pinned virtual thread), switchTo throws before anything ran and the
     * state is put back as it was.
     *
     * close() raises a fresh CoroutineExit and recognises it by identity when it comes back out of
     * the body; a body that yields instead leaves the coroutine SUSPENDED and close() reports it.
     *
     * Frames on the yield path. On the fallback backend every frame between the strand's body and
     * the strand's suspend() is woven, and each one is captured and restored again on every value
     * (a generator pays this per element). So the path is kept to the frames that cannot go: the
     * strand's body is the Owner itself, which runs the user's body directly (a generator's too,
     * without an adapter Coroutine.Body), and a yield is one frame, the Suspender's (or the
     * generator's Yielder's) yield(). It tests that the coroutine is RUNNING, on the calling
     * thread, in the strand its resumer is executing (not in a coroutine nested in it):
     * resumer.runsStrand(strand, lastThread), where lastThread, the resumer's thread while the
     * coroutine runs, stands in for a Fiber.current() lookup. It hands the value over with
     * handOver(), calls the strand's suspend() itself when the carrier nests strands
     * (Fiber.beginNestedLeave) or Fiber.leaveStrand when it switches (loom), and takes what the
     * next resume raises with takeRaise(). None of these helpers suspends, so none is a frame that
     * a capture saves; and none calls anything, so the weaver leaves them alone (on the fallback
     * backend a method that calls anything is woven and pays a prologue on every call, and every
     * call from woven code pays a few field accesses). The same holds for the lookup of the
     * resuming microthread: transfer() remembers the last one and its thread, and asks
     * Fiber.current() only when the calling thread or the running microthread changed.
     */

    static final int NEW = 0;
    static final int SUSPENDED = 1;
    static final int RUNNING = 2;
    static final int DONE = 3;

    private static final AtomicLong IDS = new AtomicLong();

    // Fields that the nested Owner and SuspenderImpl, and Generator's yielder and iterator, use
    // on every value are package-private, not private: javac --release 8 would reach a private
    // one from a nested class through a synthetic accessor method, and on the fallback backend
    // every call from woven code is instrumented (see "Frames on the yield path").

    /** The body of a plain coroutine; null for a generator's (then {@link #generatorBody}). */
    final Body<I, O> body;
    private final String name;
    /** Set when this coroutine runs the body of a generator; then only the generator may resume it. */
    final Generator<?> generator;
    /** A generator's body, run by the strand without an adapter frame; null for a plain coroutine. */
    final Generator.Body<O> generatorBody;
    /** What a generator's body yields through; set by the generator right after construction. */
    Generator.Yielder<O> yielder;
    final SuspenderImpl suspender;

    /**
     * Written and read on the carrier only (twice per value: a plain field, no fence);
     * {@link #toString()} from another thread may see a stale value. Other threads ask
     * {@link #isDone()}, which reads {@link #done}.
     */
    int state = NEW;
    /** Set with state DONE, for {@link #isDone()} from any thread. */
    private volatile boolean done;
    /** How the coroutine ended, for messages: "returned ...", "threw ...", "was closed". */
    String ending;
    /** The scheduler this coroutine is bound to (set by the first resume). */
    private SchedulerCore core;
    Strand strand;
    /** The microthread running the body now; null unless RUNNING. */
    Fiber resumer;
    /**
     * The microthread of the last resume and the thread it ran on: while that microthread runs
     * and the calling thread is that one, it is {@code Fiber.current()}, found without a lookup.
     * Kept after the resume (a suspended coroutine keeps one microthread's record alive).
     */
    private Fiber lastResumer;
    Thread lastThread;
    /** The strand to return to on the next yield or at the end of the body. */
    Strand caller;

    // hand-over slots, one transfer at a time (carrier-confined)
    I input;
    Throwable toRaise;
    boolean closing;
    O output;
    Throwable failure;

    private Coroutine(Body<I, O> body) {
        this.body = Objects.requireNonNull(body, "Coroutine body is null; pass a lambda (suspender, first) -> ...");
        this.generator = null;
        this.generatorBody = null;
        this.suspender = new SuspenderImpl();
        this.name = "coroutine-" + IDS.incrementAndGet();
    }

    /** The coroutine of {@code generator}, running {@code body}; the generator sets {@link #yielder}. */
    Coroutine(Generator<?> generator, Generator.Body<O> body) {
        this.body = null;
        this.generator = generator;
        this.generatorBody = body;
        this.suspender = null;
        this.name = "generator-" + IDS.incrementAndGet();
    }

    /**
     * Creates a coroutine that will run {@code body} on its first {@link #resume(Object)}. Does
     * not run anything; may be called from any thread.
     *
     * @param <I> the type of the values passed in by {@code resume}
     * @param <O> the type of the values yielded and returned
     * @param body what the coroutine runs
     * @return a new coroutine, not started
     * @throws NullPointerException if {@code body} is null
     */
    public static <I, O> Coroutine<I, O> create(Body<I, O> body) {
        return new Coroutine<I, O>(body);
    }

    /**
     * The coroutine whose body is running on the calling microthread (the innermost one, if
     * coroutines are nested), or null if the caller is not inside a coroutine body. Inside the
     * body of a {@link Generator}, this is the coroutine that runs it (which only the generator
     * may resume).
     *
     * @return the running coroutine, or null
     */
    public static Coroutine<?, ?> current() {
        Fiber f = Fiber.current();
        if (f == null) {
            return null;
        }
        Strand s = f.executingStrand();
        Object owner = s == null ? null : s.attachment();
        return owner instanceof Coroutine.Owner ? ((Coroutine<?, ?>.Owner) owner).coroutine() : null;
    }

    // ------------------------------------------------------------------ public operations

    /**
     * Runs the body until it yields or ends: starts it (with {@code input} as its {@code first}
     * argument) on the first call, otherwise makes the pending {@link Suspender#yield} return
     * {@code input}. The calling microthread runs the body; no other microthread runs meanwhile
     * unless the body blocks.
     *
     * @param input the value passed to the body; may be null
     * @return the value the body yielded, or its return value if it ended (then
     *         {@link #isDone()} is true)
     * @throws IllegalStateException if the coroutine is done; if it is running (resumed from
     *         inside its own body or a coroutine nested in it, or by another microthread whose
     *         resume has not returned); if called from a plain thread, or from a microthread of
     *         another scheduler than the one it is bound to; if it runs the body of a
     *         {@link Generator} (iterate the generator instead)
     * @throws RuntimeException (or an {@link Error}, or a checked exception although undeclared)
     *         that the body threw: the same instance; the coroutine is then done
     */
    public O resume(I input) {
        if (generator != null) {
            throw new IllegalStateException(this + " runs the body of a Generator; iterate the generator instead of"
                    + " resuming its coroutine");
        }
        return transfer("Coroutine.resume", input, null);
    }


    /**
     * Raises {@code throwable} at the suspension point: the pending {@link Suspender#yield}
     * throws it (a checked one too, undeclared). If the body catches it and yields again, this
     * returns the yielded value; if the body then returns, this returns its return value and the
     * coroutine is done; if the body lets it (or another exception) propagate, it comes out of
     * this method, the same instance, and the coroutine is done.
     *
     * <p>A coroutine that has not started yet is suspended before its first statement: its body
     * never runs, the coroutine is done, and {@code throwable} is thrown from this method.
     *
     * @param throwable what to raise; must not be a {@link CoroutineExit} (use {@link #close()})
     * @return the value the body yielded or returned after handling {@code throwable}
     * @throws NullPointerException if {@code throwable} is null
     * @throws IllegalArgumentException if {@code throwable} is a {@link CoroutineExit}
     * @throws IllegalStateException in the cases listed for {@link #resume(Object)}
     */
    public O throwInto(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwInto(null): pass the exception to raise inside " + this);
        if (throwable instanceof CoroutineExit) {
            throw new IllegalArgumentException("throwInto(" + throwable.getClass().getSimpleName() + ") on " + this
                    + ": the exit signal is raised by close(), call close() instead");
        }
        if (generator != null) {
            throw new IllegalStateException(this + " runs the body of a Generator; close the generator instead of"
                    + " throwing into its coroutine");
        }
        if (state == NEW) {
            requireCarrier("Coroutine.throwInto");
            end();
            ending = "was stopped before it started by throwInto(" + throwable + ")";
            throw Coroutine.<RuntimeException>sneaky(throwable);
        }
        return transfer("Coroutine.throwInto", null, throwable);
    }

    /**
     * Closes the coroutine so that its {@code finally} blocks run: raises a new
     * {@link CoroutineExit} at the suspension point and resumes the body, which unwinds. When
     * this returns, the coroutine is done.
     * <ul>
     *   <li>Never started, or already done: just marks it done; the body never runs. Closing twice
     *       is harmless.</li>
     *   <li>The body lets the exit propagate, or catches it and returns: closed.</li>
     *   <li>The body throws another exception while unwinding (e.g. from a {@code finally}): that
     *       exception comes out of {@code close}, and the coroutine is done.</li>
     *   <li>The body yields again (it swallowed the exit, or yields in a {@code finally}):
     *       {@link IllegalStateException}; the coroutine stays suspended at that yield, not done.</li>
     * </ul>
     *
     * @throws IllegalStateException if the body yielded instead of ending; if the coroutine is
     *         running (closed from inside its own body or a coroutine nested in it, or by another
     *         microthread while it runs); if a suspended coroutine is closed from a plain thread or
     *         from a microthread of another scheduler
     */
    @Override
    public void close() {
        close("Coroutine.close");
    }

    void close(String operation) {
        int s = state;
        if (s == DONE) {
            return;
        }
        if (s == NEW) {
            end();
            ending = "was closed before it started";
            return;
        }
        closeSuspended(operation);
    }

    private void closeSuspended(String operation) {
        checkEnterable(operation, requireCarrier(operation)); // a running coroutine cannot be closed
        CoroutineExit exit = new CoroutineExit(toString());
        closing = true;
        O value;
        try {
            value = transfer(operation, null, exit);
        } catch (CoroutineExit e) {
            if (e != exit) {
                throw e; // another coroutine's exit passing through: not ours to absorb
            }
            return;
        } finally {
            closing = false;
        }
        if (state != DONE) {
            throw new IllegalStateException(operation + " of " + this + ": the body yielded " + describe(value)
                    + " instead of ending. It caught the CoroutineExit raised by close() without rethrowing it, or"
                    + " it yields in a finally block. Let CoroutineExit propagate; the coroutine is still suspended.");
        }
    }

    /**
     * Whether the body has ended (returned or thrown), or the coroutine was closed. Any thread.
     *
     * @return true once no resume can succeed any more
     */
    public boolean isDone() {
        return done;
    }

    /** State DONE, visible to {@link #isDone()} on any thread. */
    void end() {
        state = DONE;
        done = true;
    }

    /** The coroutine's name and state, e.g. {@code "coroutine-3 (suspended)"}. */
    @Override
    public String toString() {
        String s;
        switch (state) {
            case NEW:
                s = "not started";
                break;
            case SUSPENDED:
                s = "suspended";
                break;
            case RUNNING:
                Fiber r = resumer;
                s = r == null ? "running" : "running in " + r;
                break;
            default:
                s = "done";
        }
        return name + " (" + s + ")";
    }

    // ------------------------------------------------------------------ transfer of control

    private Fiber requireCarrier(String operation) {
        Fiber me = Fiber.current();
        if (me == null) {
            throw new IllegalStateException(operation + " on " + this + " was called from " + Thread.currentThread()
                    + ", which is not a microthread. A coroutine runs on the microthread that resumes it: resume it"
                    + " from inside Weft.run(..) or a started Microthread.");
        }
        if (core != null && me.core() != core) {
            throw new IllegalStateException(operation + " on " + this + " was called from " + me.thread + " of "
                    + me.core() + ", but the coroutine belongs to " + core + ", whose microthreads first resumed it."
                    + " A coroutine stays on one scheduler; resume it from a microthread of that scheduler.");
        }
        return me;
    }

    private void checkEnterable(String operation, Fiber me) {
        int s = state;
        if (s == RUNNING) {
            Fiber r = resumer;
            String who = r == me ? "the calling microthread " + me.thread + " (from inside its own body, or from a"
                    + " coroutine it resumed)" : "another microthread, " + r;
            throw new IllegalStateException(operation + " on " + this + ": the coroutine is already running, resumed by "
                    + who + ". A coroutine runs one resume at a time; wait until it yields.");
        }
        if (s == DONE) {
            throw new IllegalStateException(operation + " on " + this + ": the coroutine has finished (it " + ending
                    + ") and cannot be resumed. Check isDone() before resuming.");
        }
    }

    /**
     * Gives the carrier to the body (starting it, or returning from its yield with {@code in} or
     * raising {@code raise}) and returns what it yields or returns; rethrows what it throws. Also
     * the owning generator's resume.
     */
    O transfer(String operation, I in, Throwable raise) {
        Thread t = Thread.currentThread();
        Fiber me = lastResumer;
        int before = state;
        if (me == null || t != lastThread || !me.isRunningNow() || before == RUNNING || before == DONE) {
            // the first resume, another resumer, or a misuse: the full checks, with their messages
            me = requireCarrier(operation);
            checkEnterable(operation, me);
            lastResumer = me;
            lastThread = t;
        }
        if (strand == null) {
            core = me.core();
            Owner owner = new Owner();
            strand = core.newStrand(owner, name, owner);
        }
        input = in;
        toRaise = raise;
        // output and failure are null here: every transfer clears them before it returns
        resumer = me;
        caller = me.executingStrand();
        state = RUNNING;
        try {
            me.enterStrand(strand);
        } catch (RuntimeException | Error e) {
            // the caller's strand could not suspend (e.g. pinned on loom): the body never ran
            state = before;
            resumer = null;
            caller = null;
            input = null;
            toRaise = null;
            output = null;
            failure = null;
            throw e;
        }
        // back on the caller's strand: the body yielded, returned or threw
        resumer = null;
        caller = null;
        O out = output;
        Throwable f = failure;
        output = null;
        failure = null;
        if (f != null) {
            throw Coroutine.<RuntimeException>sneaky(f);
        }
        return out;
    }

    /** A yield that the yield frame's test refused: the exception to throw, with the full story. */
    IllegalStateException misplacedYield() {
        return misplacedYield(Fiber.current());
    }

    /** A yield hands {@code value} over; the strand suspends right after. Calls nothing. */
    void handOver(O value) {
        output = value;
        state = SUSPENDED;
    }

    /** The strand could not suspend (e.g. pinned on loom): the body keeps running, the yield throws. */
    void yieldRefused() {
        resumer.nestedLeaveRefused();
        state = RUNNING;
        output = null;
    }

    /** After a yield, once {@link #transfer} resumed the body: what that resume raises, or null. Calls nothing. */
    Throwable takeRaise() {
        Throwable r = toRaise;
        toRaise = null;
        return r;
    }

    /**
     * Throws {@code t} as it is, checked or not (what a resume raises at a yield); declared to
     * return so that a caller writes {@code throw raise(t)} and the compiler sees the end of the path.
     */
    static RuntimeException raise(Throwable t) {
        throw Coroutine.<RuntimeException>sneaky(t);
    }

    private IllegalStateException misplacedYield(Fiber me) {
        String where;
        if (me == null) {
            where = "from " + Thread.currentThread() + ", which is not a microthread";
        } else {
            Coroutine<?, ?> running = current();
            where = running == null ? "from " + me.thread + " outside any coroutine body"
                    : "from inside " + running + ", which is not the coroutine this suspender belongs to";
        }
        return new IllegalStateException("yield of " + this + " called " + where + ". Only the body of a coroutine"
                + " may yield, on its own suspender, while that coroutine is running; a suspender must not escape"
                + " its body.");
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        if (s.length() > 60) {
            s = s.substring(0, 57) + "...";
        }
        return "'" + s + "'";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    // ------------------------------------------------------------------ helpers

    final class SuspenderImpl implements Suspender<I, O> {
        /** The whole yield in one frame: see "Frames on the yield path" (Generator's yielder does the same). */
        @Override
        public I yield(O value) {
            Fiber me = resumer; // the test of "Frames on the yield path"
            if (state != RUNNING || me == null || !me.runsStrand(strand, lastThread)) {
                throw misplacedYield();
            }
            Strand nested = me.beginNestedLeave();
            handOver(value);
            try {
                if (nested != null) {
                    nested.suspend();
                } else {
                    resumer.leaveStrand(caller);
                }
            } catch (RuntimeException | Error e) {
                yieldRefused();
                throw e;
            }
            // resumed by transfer(): state is RUNNING again, possibly on another microthread
            Throwable r = takeRaise();
            if (r != null) {
                input = null;
                throw raise(r);
            }
            I in = input;
            input = null;
            return in;
        }

        @Override
        public Coroutine<I, O> coroutine() {
            return Coroutine.this;
        }

        @Override
        public String toString() {
            return "suspender of " + Coroutine.this;
        }
    }

    /**
     * The body of this coroutine's strand, and its owner: tells the core which fiber runs the
     * strand now (null while suspended). One object, so that the strand's body is a single frame
     * (see "Frames on the yield path").
     */
    final class Owner implements SchedulerCore.StrandOwner, Runnable {
        Coroutine<?, ?> coroutine() {
            return Coroutine.this;
        }

        /**
         * Runs the user's body, records how it ended, hands the carrier back. Never throws. No
         * local is live across the body's call, so a capture saves nothing of this frame but its
         * resume point.
         */
        @Override
        public void run() {
            Throwable thrown;
            try {
                if (generatorBody != null) {
                    generatorBody.generate(yielder);
                } else {
                    // toRaise is null here: throwInto and close never enter a coroutine that has not started
                    I first = input;
                    input = null;
                    O result = body.run(suspender, first);
                    output = result;
                }
                thrown = null;
            } catch (Throwable t) {
                thrown = t;
            }
            Fiber f = resumer;
            Strand back = caller;
            end();
            if (thrown == null) {
                ending = "returned " + describe(output);
            } else if (closing && thrown instanceof CoroutineExit) {
                ending = "was closed";
                failure = thrown; // the closer recognises its own exit and absorbs it
            } else {
                ending = "threw " + thrown;
                failure = thrown;
            }
            f.endStrand(back);
        }

        @Override
        public Fiber fiber() {
            return state == RUNNING ? resumer : null;
        }

        @Override
        public String toString() {
            return Coroutine.this.toString();
        }
    }
}
