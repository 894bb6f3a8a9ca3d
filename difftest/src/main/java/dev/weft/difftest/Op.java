package dev.weft.difftest;

import java.util.List;

/**
 * One operation of a generated program. Operations are immutable values (records), so two
 * programs generated from one seed are {@code equals}. Blocks ({@code List<Op>}) run in order;
 * an operation that contains a block runs it in a context of its own (a new microthread, a
 * coroutine body, a locked region, nested method calls, a catch).
 *
 * <p>Timeouts are in virtual milliseconds: {@link #FOREVER} means the blocking form without a
 * timeout, {@code 0} the non-blocking form ({@code trySend}, {@code tryReceive}, {@code tryLock}),
 * a positive value the timed form.
 */
public sealed interface Op {
    /** A timeout meaning "the blocking form, without a timeout". */
    long FOREVER = -1;

    /** The target of a {@link Stack} that reads the caller's own stack, whatever its name. */
    String SELF = "self";

    /** The kind of this operation, for coverage counts. */
    OpKind kind();

    /**
     * Starts a microthread named {@code name} that runs {@code body}, then logs "end"; a daemon
     * one if {@code daemon} (interrupted when main and every other non-daemon have ended, and
     * allowed to finish).
     */
    record Spawn(String name, boolean daemon, List<Op> body) implements Op {
        public OpKind kind() { return OpKind.SPAWN; }
    }

    /** {@code Microthread.yield()}. */
    record Yield() implements Op {
        public OpKind kind() { return OpKind.YIELD; }
    }

    /** {@code Microthread.sleep(millis)} on the virtual clock. */
    record Sleep(long millis) implements Op {
        public OpKind kind() { return OpKind.SLEEP; }
    }

    /** Sends {@code value} on channel {@code channel}: blocking, trySend or timed (see {@link Op}). */
    record Send(int channel, int value, long timeout) implements Op {
        public OpKind kind() { return OpKind.SEND; }
    }

    /** Receives from channel {@code channel}: blocking, tryReceive or timed. */
    record Receive(int channel, long timeout) implements Op {
        public OpKind kind() { return OpKind.RECEIVE; }
    }

    /**
     * A select over {@code clauses}, with a timeout clause ({@code timeout >= 0}), an
     * {@code orElse} branch, or neither; the handler of the winning clause yields the microthread
     * first when {@code yieldInHandler}.
     */
    record Select(List<Clause> clauses, long timeout, boolean orElse, boolean yieldInHandler) implements Op {
        public OpKind kind() { return OpKind.SELECT; }
    }

    /** One clause of a {@link Select}: a receive (with or without an onClosed handler) or a send. */
    record Clause(boolean send, int channel, int value, boolean onClosed) {
    }

    /** Closes channel {@code channel}, with a cause when {@code withCause}. */
    record Close(int channel, boolean withCause) implements Op {
        public OpKind kind() { return OpKind.CLOSE; }
    }

    /**
     * Takes lock {@code lock} ({@link LockMode}), runs {@code body} if it got it, and unlocks in a
     * finally block.
     */
    record Locked(int lock, LockMode mode, long timeout, List<Op> body) implements Op {
        public OpKind kind() { return OpKind.LOCK; }
    }

    /** How {@link Locked} takes its lock. */
    enum LockMode { LOCK, LOCK_INTERRUPTIBLY, TRY_LOCK }

    /** Waits on lock {@code lock}'s condition (forever or timed); logs the outcome. */
    record Await(int lock, long timeout) implements Op {
        public OpKind kind() { return OpKind.AWAIT; }
    }

    /** Signals lock {@code lock}'s condition ({@code signalAll} when {@code all}). */
    record Signal(int lock, boolean all) implements Op {
        public OpKind kind() { return OpKind.SIGNAL; }
    }

    /**
     * Interrupts the microthread named {@code target}: {@code main}, a spawned {@code t<N>}, or a
     * forked {@code task<id>} or producer {@code pipe<id>} once its body has started (logs its
     * state first).
     */
    record Interrupt(String target) implements Op {
        public OpKind kind() { return OpKind.INTERRUPT; }
    }

    /**
     * Logs {@code Microthread.getStackTrace()} of the microthread named {@code target} (as for
     * {@link Interrupt}), or of the caller itself ({@code Microthread.current()}) if {@code target} is {@link #SELF} or the
     * caller's name: a running microthread's stack is the carrier's (fallback) or its virtual
     * thread's (loom) own; a suspended one's is rebuilt from its saved frames on fallback and read
     * from its virtual thread on loom.
     */
    record Stack(String target) implements Op {
        public OpKind kind() { return OpKind.STACK; }
    }

    /**
     * Logs {@code Scheduler.dump()}: every live microthread with its state, what it waits on and
     * its stack, the caller's own included.
     */
    record Dump() implements Op {
        public OpKind kind() { return OpKind.DUMP; }
    }

    /** Reads and clears the caller's interrupt flag, {@code Microthread.interrupted()}. */
    record Interrupted() implements Op {
        public OpKind kind() { return OpKind.INTERRUPTED; }
    }

    /** Joins the microthread named {@code target}: forever or timed. */
    record Join(String target, long timeout) implements Op {
        public OpKind kind() { return OpKind.JOIN; }
    }

    /**
     * Forks task {@code id} ({@code Microthread.fork}) running {@code body} in a new microthread
     * named {@code task<id>}, then joins it ({@code Task.join}: its value, or its failure as the
     * cause of a {@code CompletionException}).
     */
    record Fork(int id, List<Op> body) implements Op {
        public OpKind kind() { return OpKind.FORK; }
    }

    /** Runs {@code body} under {@code Timeouts.withTimeout(millis)}; its interrupt at the deadline is an event like any other. */
    record WithTimeout(long millis, List<Op> body) implements Op {
        public OpKind kind() { return OpKind.WITH_TIMEOUT; }
    }

    /** Throws {@code DiffFailure("fail-" + id)}; it propagates to the nearest {@link Try}, resume or thread top. */
    record Fail(int id) implements Op {
        public OpKind kind() { return OpKind.FAIL; }
    }

    /** Runs {@code body}, catching and logging a {@code RuntimeException} that comes out of it. */
    record Try(List<Op> body) implements Op {
        public OpKind kind() { return OpKind.TRY; }
    }

    /**
     * Runs {@code body} at the bottom of {@code depth} nested method calls of the given
     * {@link FrameKind}; each frame holds locals of several types across the body and checks them
     * afterwards. Logs the frames' checksum.
     */
    record Call(int id, int depth, FrameKind frames, List<Op> body) implements Op {
        public OpKind kind() { return OpKind.CALL; }
    }

    /** The shape of the frames of a {@link Call}. */
    enum FrameKind {
        /** A static recursive method with long, double, int and reference locals. */
        STATIC,
        /** Instance methods through an interface, alternating between two implementations. */
        VIRTUAL,
        /** Capturing lambdas of a functional interface, one per level. */
        LAMBDA,
        /** Frames whose try/finally logs on the way out, normal or not. */
        FINALLY
    }

    /**
     * Creates coroutine {@code id} whose body is {@code body} (in which {@link CoYield} yields to it),
     * resumes it up to {@code resumes} times ({@code throwInto} instead at resume number
     * {@code throwAt}, if {@code throwAt >= 0}), then closes it.
     */
    record Coro(int id, List<Op> body, int resumes, int throwAt) implements Op {
        public OpKind kind() { return OpKind.COROUTINE; }
    }

    /**
     * Creates coroutine {@code id} (body {@code body}, in which {@link CoYield} yields to it),
     * shared by the whole program: resumes it once, and leaves it for {@link ResumeShared}
     * operations of any microthread. Never closed.
     */
    record SharedCoro(int id, List<Op> body) implements Op {
        public OpKind kind() { return OpKind.SHARED_COROUTINE; }
    }

    /**
     * Resumes shared coroutine {@code id} from the calling microthread (any microthread may resume
     * it, one at a time); logs what it yields or throws, including "is already running" and
     * "has finished".
     */
    record ResumeShared(int id) implements Op {
        public OpKind kind() { return OpKind.RESUME_SHARED; }
    }

    /** Creates generator {@code id} whose body is {@code body}, takes up to {@code take} values, then closes it. */
    record Gen(int id, List<Op> body, int take) implements Op {
        public OpKind kind() { return OpKind.GENERATOR; }
    }

    /**
     * Starts a producer microthread named {@code pipe<id>} with {@code Microthreads.generate}
     * whose body is {@code body} (in which {@link CoYield} sends into the channel), receives up
     * to {@code take} values by iterating the channel, then closes it.
     */
    record Pipe(int id, List<Op> body, int take) implements Op {
        public OpKind kind() { return OpKind.PIPE; }
    }

    /**
     * Yields {@code value} to the innermost enclosing coroutine or generator, or sends it into
     * the channel of the enclosing {@link Pipe} (only generated inside a {@link Coro},
     * {@link Gen} or {@link Pipe} body).
     */
    record CoYield(int value) implements Op {
        public OpKind kind() { return OpKind.CO_YIELD; }
    }
}
