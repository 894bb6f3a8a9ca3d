package dev.weft.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a random {@link Program} from a seed, deterministically: the same seed gives an
 * equal program on every JVM ({@link SplittableRandom}'s sequence is specified).
 *
 * <h2>Shape</h2>
 * One to three channels (rendezvous, buffered or unbounded), one or two locks, a main
 * microthread and up to four spawned ones ({@code t1..t4}; joins name any of them or
 * {@code main}, started or not; interrupts and stack reads also name the forked tasks and
 * producers generated before them, and half the stack reads are of the reader itself,
 * {@link Op#SELF}, also inside coroutine bodies; {@code dump} logs every live microthread's
 * stack). Blocks nest: spawned bodies, forked tasks (joined at once),
 * locked regions, catches, {@code withTimeout} bodies, nested calls of depth 1 to 6, coroutine,
 * generator and {@code Microthreads.generate} producer bodies (two levels at most, in which
 * {@code co-yield} is generated, also under nested calls, locks and timeouts; a shared
 * coroutine's body runs on whichever microthread resumes it). A budget of operations keeps every program small.
 *
 * <h2>Termination</h2>
 * Every loop is bounded (resumes, values taken); nothing spins. Blocking operations without a
 * timeout may deadlock: weft then throws {@code DeadlockException} out of each waiting operation
 * (SPEC §2 rule 9), the interpreter logs it as an event and the program goes on, so a deadlock
 * is an outcome like any other. (Only after 100 deadlocks in a row with no microthread ending
 * does a scheduler give up on the ones still blocked: each deadlock ends at least one wait, and a
 * generated program has far fewer than 100 waits to run.)
 */
public final class ProgramGenerator {
    private static final int MAX_THREADS = 4;
    private static final int MAX_BLOCK_DEPTH = 4;
    private static final int MAX_CORO_NESTING = 2;

    private final SplittableRandom rnd;
    private final int threads;
    private final int channels;
    private final int locks;
    private int spawned;
    private final List<Integer> sharedCoroutines = new ArrayList<>();
    /** The forked tasks and producers generated so far, {@code task<id>} and {@code pipe<id>}. */
    private final List<String> helpers = new ArrayList<>();
    private int nextId = 1;
    private int budget;

    private ProgramGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
        this.threads = 1 + rnd.nextInt(MAX_THREADS);
        this.channels = 1 + rnd.nextInt(3);
        this.locks = 1 + rnd.nextInt(2);
        this.budget = 12 + rnd.nextInt(40);
    }

    /** The program of {@code seed}; equal programs for equal seeds. */
    public static Program generate(long seed) {
        ProgramGenerator g = new ProgramGenerator(seed);
        List<Integer> caps = new ArrayList<>();
        for (int i = 0; i < g.channels; i++) {
            int k = g.rnd.nextInt(4);
            caps.add(k == 0 || k == 1 ? Program.RENDEZVOUS : k == 2 ? 1 + g.rnd.nextInt(3) : Program.UNBOUNDED);
        }
        List<Op> main = g.block(new Scope(0, 0, false, 0), 3 + g.rnd.nextInt(6));
        // spawn the threads no block happened to spawn, so every generated name can exist
        while (g.spawned < g.threads) {
            main.add(g.rnd.nextInt(main.size() + 1), g.spawn(new Scope(0, 0, false, 0)));
        }
        return new Program(seed, caps, g.locks, main);
    }

    /**
     * Where a block is generated.
     *
     * @param depth      block nesting depth
     * @param coro       coroutines/generators enclosing it in the same microthread
     * @param yieldable  a co-yield may be generated (inside a coroutine or generator body)
     * @param calls      nested-call operations enclosing it
     */
    private record Scope(int depth, int coro, boolean yieldable, int calls) {
        Scope deeper() {
            return new Scope(depth + 1, coro, yieldable, calls);
        }
    }

    private List<Op> block(Scope s, int length) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < length && budget > 0; i++) {
            budget--;
            ops.add(op(s));
        }
        return ops;
    }

    private int nestedLength() {
        return 1 + rnd.nextInt(4);
    }

    private Op op(Scope s) {
        boolean canNest = s.depth() < MAX_BLOCK_DEPTH;
        while (true) {
            int r = rnd.nextInt(119);
            if (r < 6) {
                if (canNest && spawned < threads) {
                    return spawn(s);
                }
            } else if (r < 12) {
                return new Op.Yield();
            } else if (r < 18) {
                return new Op.Sleep(rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(30));
            } else if (r < 28) {
                return new Op.Send(rnd.nextInt(channels), nextId++, timeout());
            } else if (r < 38) {
                return new Op.Receive(rnd.nextInt(channels), timeout());
            } else if (r < 43) {
                return select();
            } else if (r < 45) {
                return new Op.Close(rnd.nextInt(channels), rnd.nextBoolean());
            } else if (r < 51) {
                if (canNest) {
                    Op.LockMode mode = Op.LockMode.values()[rnd.nextInt(3)];
                    long t = mode == Op.LockMode.TRY_LOCK ? (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40)) : Op.FOREVER;
                    return new Op.Locked(rnd.nextInt(locks), mode, t, block(s.deeper(), nestedLength()));
                }
            } else if (r < 54) {
                return new Op.Await(rnd.nextInt(locks), rnd.nextInt(3) == 0 ? Op.FOREVER : 1 + rnd.nextInt(40));
            } else if (r < 57) {
                return new Op.Signal(rnd.nextInt(locks), rnd.nextBoolean());
            } else if (r < 61) {
                return new Op.Interrupt(anyTarget());
            } else if (r < 64) {
                int k = rnd.nextInt(3);
                return k == 0 ? new Op.Interrupted() : k == 1 ? new Op.Dump()
                        : new Op.Stack(rnd.nextBoolean() ? Op.SELF : anyTarget());
            } else if (r < 67) {
                return new Op.Join(target(), rnd.nextBoolean() ? Op.FOREVER : rnd.nextInt(40));
            } else if (r < 70) {
                return new Op.Fail(nextId++);
            } else if (r < 74) {
                if (canNest) {
                    return new Op.Try(block(s.deeper(), nestedLength()));
                }
            } else if (r < 82) {
                if (canNest && s.calls() < 2) {
                    return new Op.Call(nextId++, 1 + rnd.nextInt(6), Op.FrameKind.values()[rnd.nextInt(4)],
                            block(new Scope(s.depth() + 1, s.coro(), s.yieldable(), s.calls() + 1), nestedLength()));
                }
            } else if (r < 87) {
                if (canNest && s.coro() < MAX_CORO_NESTING) {
                    int resumes = rnd.nextInt(5);
                    int throwAt = resumes > 0 && rnd.nextInt(4) == 0 ? rnd.nextInt(resumes) : -1;
                    return new Op.Coro(nextId++, coBody(s), resumes, throwAt);
                }
            } else if (r < 91) {
                if (canNest && s.coro() < MAX_CORO_NESTING) {
                    return new Op.Gen(nextId++, coBody(s), rnd.nextInt(5));
                }
            } else if (r < 101) {
                if (s.yieldable()) {
                    return new Op.CoYield(nextId++);
                }
            } else if (r < 105) {
                if (canNest) {
                    int id = nextId++;
                    helpers.add("task" + id);
                    return new Op.Fork(id, block(new Scope(s.depth() + 1, 0, false, 0), nestedLength()));
                }
            } else if (r < 109) {
                if (canNest) {
                    return new Op.WithTimeout(1 + rnd.nextInt(40), block(s.deeper(), nestedLength()));
                }
            } else if (r < 114) {
                if (canNest && s.coro() < MAX_CORO_NESTING) {
                    int id = nextId++;
                    sharedCoroutines.add(id);
                    return new Op.SharedCoro(id, block(new Scope(s.depth() + 1, s.coro() + 1, true, s.calls()), 1 + rnd.nextInt(5)));
                }
            } else if (r < 117) {
                if (!sharedCoroutines.isEmpty()) {
                    return new Op.ResumeShared(sharedCoroutines.get(rnd.nextInt(sharedCoroutines.size())));
                }
            } else {
                if (canNest && s.coro() < MAX_CORO_NESTING) {
                    int id = nextId++;
                    helpers.add("pipe" + id);
                    List<Op> body = block(new Scope(s.depth() + 1, s.coro() + 1, true, 0), 1 + rnd.nextInt(5));
                    body.add(rnd.nextInt(body.size() + 1), new Op.CoYield(nextId++));
                    return new Op.Pipe(id, body, rnd.nextInt(5));
                }
            }
        }
    }

    private Op spawn(Scope s) {
        spawned++;
        budget--;
        String name = "t" + spawned;
        return new Op.Spawn(name, rnd.nextInt(4) == 0, block(new Scope(s.depth() + 1, 0, false, 0), 1 + rnd.nextInt(6)));
    }

    /** A coroutine or generator body: some co-yields, whatever else, at any depth. */
    private List<Op> coBody(Scope s) {
        List<Op> body = block(new Scope(s.depth() + 1, s.coro() + 1, true, s.calls()), 1 + rnd.nextInt(5));
        if (rnd.nextInt(3) != 0) {
            body.add(rnd.nextInt(body.size() + 1), new Op.CoYield(nextId++));
        }
        return body;
    }

    private Op select() {
        List<Op.Clause> clauses = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            boolean send = rnd.nextInt(3) == 0;
            clauses.add(new Op.Clause(send, rnd.nextInt(channels), send ? nextId++ : 0, !send && rnd.nextBoolean()));
        }
        int k = rnd.nextInt(4);
        return new Op.Select(clauses, k == 0 ? rnd.nextInt(40) : Op.FOREVER, k == 1, rnd.nextInt(4) == 0);
    }

    private long timeout() {
        int k = rnd.nextInt(8);
        return k < 2 ? Op.FOREVER : k < 4 ? 0 : 1 + rnd.nextInt(50);
    }

    /** {@link #target()}, or one of the {@link #helpers} generated so far. */
    private String anyTarget() {
        int i = rnd.nextInt(threads + 1 + helpers.size());
        return i <= threads ? (i == 0 ? "main" : "t" + i) : helpers.get(i - threads - 1);
    }

    private String target() {
        int i = rnd.nextInt(threads + 1);
        return i == 0 ? "main" : "t" + i;
    }
}
