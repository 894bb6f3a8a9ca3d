package dev.weft.difftest;

import dev.weft.Channel;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Scheduler;
import dev.weft.Select;
import dev.weft.Task;
import dev.weft.Timeouts;
import dev.weft.sync.Condition;
import dev.weft.sync.Lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Program} on a named backend and returns the events it logged, in order.
 *
 * <h2>Events</h2>
 * Each event is {@code "<virtual ms> <microthread>: <what>"}, logged by the microthread that
 * performed the operation ({@link Microthread#current()}, so inside a coroutine body it is the
 * resumer), after the operation, with its result ({@code -> value}) or the exception it threw
 * ({@code !! Class: message}). Exception texts are {@linkplain Events#describe normalised}: ids,
 * identity hashes and backend names are left out, since they differ between runs or by design;
 * stacks, read or in deadlock reports, are logged whole. The last event is {@code run -> done}
 * or {@code run !! ...} (for example the {@code DeadlockException} of {@code Scheduler.run}).
 *
 * <h2>What each operation does</h2>
 * Leaf operations (send, receive, select, sleep, lock, await, join, ...) catch the exception they
 * throw and log it; the program goes on. A {@link Op.Fail} and an exception raised at a
 * {@link Op.CoYield} by {@code throwInto} propagate to the nearest {@link Op.Try}, through the
 * resume of the coroutine whose body threw (logged there), out of a {@link Op.WithTimeout} or a
 * task's join (logged there), or to the top of the microthread (logged by the scheduler's
 * uncaught-exception handler). Operations never catch errors (the {@code CoroutineExit} of a
 * closing coroutine must unwind its body); only {@code Scheduler.run}'s outcome is logged whatever
 * it is.
 *
 * <p>Each run builds a fresh scheduler with {@code Scheduler.builder().backend(name).virtualTime()}.
 * Runs on a platform thread (the scheduler's carrier); not thread-safe, one run per instance.
 */
public final class Interpreter {
    private final List<String> events;
    private final Map<String, Microthread> threads = new HashMap<>();
    private final Map<Integer, Coroutine<Integer, Integer>> shared = new HashMap<>();
    private int sharedResumes;
    private final List<Channel<Integer>> channels = new ArrayList<>();
    private final List<Lock> locks = new ArrayList<>();
    private final List<Condition> conditions = new ArrayList<>();
    private Scheduler scheduler;

    private Interpreter(Program program, List<String> events) {
        this.events = events;
        for (int capacity : program.channels()) {
            channels.add(capacity == Program.RENDEZVOUS ? Channel.rendezvous()
                    : capacity == Program.UNBOUNDED ? Channel.unbounded() : Channel.buffered(capacity));
        }
        for (int i = 0; i < program.locks(); i++) {
            Lock l = new Lock();
            locks.add(l);
            conditions.add(l.newCondition());
        }
    }

    /**
     * Runs {@code program} on {@code backend} ({@code "loom"} or {@code "fallback"}) with the
     * virtual clock and returns its events.
     *
     * @throws IllegalStateException if the backend cannot run in this JVM (the message says why)
     */
    public static List<String> run(Program program, String backend) {
        return run(program, backend, new ArrayList<>());
    }

    /**
     * As {@link #run(Program, String)}, appending the events to {@code events} as they happen, so
     * that another thread can see how far a run that hangs has got (pass a synchronized list).
     */
    public static List<String> run(Program program, String backend, List<String> events) {
        Interpreter in = new Interpreter(program, events);
        in.scheduler = Scheduler.builder().backend(backend).virtualTime().name("difftest")
                .uncaughtExceptionHandler((t, e) -> in.logAs(t.getName(), "uncaught " + Events.describe(e)))
                .build();
        try {
            String result = in.scheduler.run(() -> {
                in.threads.put("main", Microthread.current());
                in.exec(program.main(), null);
                in.log("end");
                return "done";
            });
            in.events.add("run -> " + result);
        } catch (RuntimeException | Error e) {
            in.events.add("run !! " + Events.describe(e));
        }
        return List.copyOf(in.events);
    }

    // ------------------------------------------------------------------ events

    void log(String what) {
        logAs(Microthread.current().getName(), what);
    }

    private void logAs(String who, String what) {
        events.add(Events.millis(scheduler.clock().nanoTime()) + " " + who + ": " + what);
    }

    /** A leaf operation: returns a result or throws; both are logged, nothing propagates but errors. */
    @FunctionalInterface
    interface Action {
        Object run() throws Exception;
    }

    /** Runs {@code action}; logs {@code what -> result}, or {@code what !! exception}. Returns whether it threw. */
    private boolean attempt(String what, Action action) {
        try {
            Object result = action.run();
            log(what + " -> " + result);
            return false;
        } catch (Exception e) {
            log(what + " !! " + Events.describe(e));
            return true;
        }
    }

    // ------------------------------------------------------------------ the operations

    /**
     * Where a {@link Op.CoYield} goes: the innermost coroutine or generator body (a yield), or the
     * channel of a {@code Microthreads.generate} producer (a send). Returns what the co-yield logs.
     */
    interface YieldTarget {
        Object yield(int value);
    }

    void exec(List<Op> ops, YieldTarget target) {
        for (Op op : ops) {
            execOne(op, target);
        }
    }

    private void execOne(Op op, YieldTarget target) {
        String what = Printer.line(op);
        if (op instanceof Op.Spawn s) {
            spawn(s);
        } else if (op instanceof Op.Yield) {
            Microthread.yield();
            log("yield");
        } else if (op instanceof Op.Sleep s) {
            attempt(what, () -> {
                Microthread.sleep(s.millis());
                return "woke";
            });
        } else if (op instanceof Op.Send s) {
            Channel<Integer> c = channels.get(s.channel());
            attempt(what, () -> {
                if (s.timeout() == Op.FOREVER) {
                    c.send(s.value());
                    return "sent";
                }
                return s.timeout() == 0 ? c.trySend(s.value()) : c.send(s.value(), Duration.ofMillis(s.timeout()));
            });
        } else if (op instanceof Op.Receive r) {
            Channel<Integer> c = channels.get(r.channel());
            attempt(what, () -> r.timeout() == Op.FOREVER ? c.receive()
                    : r.timeout() == 0 ? c.tryReceive() : c.receive(Duration.ofMillis(r.timeout())));
        } else if (op instanceof Op.Select s) {
            select(what, s);
        } else if (op instanceof Op.Close c) {
            Channel<Integer> ch = channels.get(c.channel());
            attempt(what, () -> c.withCause() ? ch.close(new DiffFailure("cause-c" + c.channel())) : ch.close());
        } else if (op instanceof Op.Locked l) {
            locked(what, l, target);
        } else if (op instanceof Op.Await a) {
            Condition c = conditions.get(a.lock());
            attempt(what, () -> {
                if (a.timeout() == Op.FOREVER) {
                    c.await();
                    return "signalled";
                }
                return c.await(a.timeout(), TimeUnit.MILLISECONDS);
            });
        } else if (op instanceof Op.Signal s) {
            Condition c = conditions.get(s.lock());
            attempt(what, () -> {
                if (s.all()) {
                    c.signalAll();
                } else {
                    c.signal();
                }
                return "done";
            });
        } else if (op instanceof Op.Interrupt i) {
            Microthread t = threads.get(i.target());
            if (t == null) {
                log(what + " -> not started");
            } else {
                log(what + " (" + t.getState() + ")");
                t.interrupt();
            }
        } else if (op instanceof Op.Stack st) {
            Microthread t = st.target().equals(Op.SELF) ? Microthread.current() : threads.get(st.target());
            log(what + " -> " + (t == null ? "not started" : Events.stack(t.getStackTrace())));
        } else if (op instanceof Op.Dump) {
            log(what + " -> " + Events.normalize(scheduler.dump()));
        } else if (op instanceof Op.Interrupted) {
            log(what + " -> " + Microthread.interrupted());
        } else if (op instanceof Op.Join j) {
            Microthread t = threads.get(j.target());
            if (t == null) {
                log(what + " -> not started");
            } else {
                attempt(what, () -> {
                    if (j.timeout() == Op.FOREVER) {
                        t.join();
                        return "joined";
                    }
                    return t.join(Duration.ofMillis(j.timeout()));
                });
            }
        } else if (op instanceof Op.Fork f) {
            Task<Integer> task = Microthread.fork(() -> {
                Microthread.current().setName("task" + f.id());
                threads.put("task" + f.id(), Microthread.current());
                exec(f.body(), null);
                log("end");
                return f.id();
            });
            log("forked task" + f.id());
            attempt("join task" + f.id(), task::join);
        } else if (op instanceof Op.WithTimeout w) {
            attempt(what, () -> Timeouts.withTimeout(Duration.ofMillis(w.millis()), () -> {
                exec(w.body(), target);
                return "body ended";
            }));
        } else if (op instanceof Op.Fail f) {
            log(what);
            throw new DiffFailure("fail-" + f.id());
        } else if (op instanceof Op.Try t) {
            try {
                exec(t.body(), target);
                log("try ended");
            } catch (RuntimeException e) {
                log("try caught " + Events.describe(e));
            }
        } else if (op instanceof Op.Call c) {
            long checksum = Frames.call(this, c, target);
            log("call#" + c.id() + " returned " + checksum);
        } else if (op instanceof Op.Coro c) {
            coroutine(c);
        } else if (op instanceof Op.Gen g) {
            generator(g);
        } else if (op instanceof Op.Pipe p) {
            pipe(p);
        } else if (op instanceof Op.SharedCoro c) {
            String name = "co" + c.id();
            Coroutine<Integer, Integer> co = Coroutine.create((suspender, first) -> {
                log(name + " started with " + first);
                exec(c.body(), suspender::yield);
                log(name + " returns");
                return -c.id();
            });
            shared.put(c.id(), co);
            attempt("resume " + name + " with " + 1000 * c.id(), () -> co.resume(1000 * c.id()));
        } else if (op instanceof Op.ResumeShared r) {
            Coroutine<Integer, Integer> co = shared.get(r.id());
            if (co == null) {
                log(what + " -> not created");
            } else {
                int input = 1000 * r.id() + ++sharedResumes;
                attempt(what + " with " + input, () -> co.resume(input));
            }
        } else if (op instanceof Op.CoYield y) {
            if (target == null) {
                throw new IllegalStateException("co-yield " + y.value() + " outside a coroutine or generator body:"
                        + " the generator must only put co-yield inside Coro and Gen bodies");
            }
            Object in = target.yield(y.value());
            log(what + " resumed with " + in);
        } else {
            throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    private void spawn(Op.Spawn s) {
        Microthread t = new Microthread(() -> {
            exec(s.body(), null);
            log("end");
        }, s.name());
        t.setDaemon(s.daemon());
        threads.put(s.name(), t);
        log("spawn " + s.name());
        t.start();
    }

    private void select(String what, Op.Select s) {
        Select.Builder<String> b = Select.builder();
        for (Op.Clause c : s.clauses()) {
            Channel<Integer> ch = channels.get(c.channel());
            if (c.send()) {
                b.onSend(ch, c.value(), () -> handled(s, "sent " + c.value() + " on c" + c.channel()));
            } else if (c.onClosed()) {
                b.onReceive(ch, v -> handled(s, "received " + v + " from c" + c.channel()),
                        cause -> handled(s, "c" + c.channel() + " closed, cause " + Events.describe(cause)));
            } else {
                b.onReceive(ch, v -> handled(s, "received " + v + " from c" + c.channel()));
            }
        }
        if (s.timeout() >= 0) {
            b.onTimeout(Duration.ofMillis(s.timeout()), () -> handled(s, "timed out"));
        }
        if (s.orElse()) {
            b.orElse(() -> handled(s, "else"));
        }
        attempt(what, b::select);
    }

    /** A select handler: yields the microthread first if the operation says so (a suspension inside weft's select). */
    private String handled(Op.Select s, String result) {
        if (s.yieldInHandler()) {
            Microthread.yield();
        }
        return result;
    }

    private void locked(String what, Op.Locked l, YieldTarget target) {
        Lock lock = locks.get(l.lock());
        boolean[] got = new boolean[1];
        attempt(what, () -> {
            switch (l.mode()) {
                case LOCK -> {
                    lock.lock();
                    got[0] = true;
                }
                case LOCK_INTERRUPTIBLY -> {
                    lock.lockInterruptibly();
                    got[0] = true;
                }
                case TRY_LOCK -> got[0] = l.timeout() == 0 ? lock.tryLock()
                        : lock.tryLock(l.timeout(), TimeUnit.MILLISECONDS);
            }
            return got[0] ? "locked" : "not locked";
        });
        if (!got[0]) {
            return;
        }
        try {
            exec(l.body(), target);
        } finally {
            attempt("unlock l" + l.lock(), () -> {
                lock.unlock();
                return "done";
            });
        }
    }

    private void coroutine(Op.Coro c) {
        String name = "co" + c.id();
        Thread resumer = Thread.currentThread();
        Coroutine<Integer, Integer> co = Coroutine.create((suspender, first) -> {
            // the body runs on its resumer's thread on both backends (Coroutine's Javadoc)
            log(name + " started with " + first + (Thread.currentThread() == resumer ? "" : " ON ANOTHER THREAD"));
            exec(c.body(), suspender::yield);
            log(name + " returns");
            return -c.id();
        });
        for (int i = 0; i < c.resumes(); i++) {
            if (co.isDone()) {
                log(name + " is done");
                break;
            }
            int input = 1000 * c.id() + i;
            if (i == c.throwAt()) {
                attempt("throwInto " + name, () -> co.throwInto(new DiffFailure("thrown-into-" + name)));
            } else {
                attempt("resume " + name + " with " + input, () -> co.resume(input));
            }
        }
        attempt("close " + name, () -> {
            co.close();
            return "closed";
        });
    }

    private void pipe(Op.Pipe p) {
        String name = "pipe" + p.id();
        Channel<Integer> ch = Microthreads.generate(sink -> {
            Microthread.current().setName(name);
            threads.put(name, Microthread.current());
            log("started");
            exec(p.body(), v -> {
                try {
                    sink.send(v);
                    return "sent";
                } catch (InterruptedException e) {
                    return "interrupted";
                }
            });
            log("end");
        });
        log("generated " + name);
        take(name, ch.iterator(), p.take());
        attempt("close " + name, ch::close);
    }

    /** Takes up to {@code count} values from {@code it}, logging each; stops at the end or a failure. */
    private void take(String name, Iterator<Integer> it, int count) {
        for (int i = 0; i < count; i++) {
            boolean[] more = new boolean[1];
            boolean threw = attempt("next of " + name, () -> {
                more[0] = it.hasNext();
                return more[0] ? it.next() : "exhausted";
            });
            if (threw || !more[0]) {
                break;
            }
        }
    }

    private void generator(Op.Gen g) {
        String name = "g" + g.id();
        Generator<Integer> gen = Generator.of(yielder -> {
            log(name + " started");
            exec(g.body(), v -> {
                yielder.yield(v);
                return "next";
            });
            log(name + " returns");
        });
        take(name, gen.iterator(), g.take());
        attempt("close " + name, () -> {
            gen.close();
            return "closed";
        });
    }
}
