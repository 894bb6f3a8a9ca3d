package dev.weft.difftest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs generated programs on the loom and the fallback backend in this JVM and compares their
 * events. Needs a JDK 21+ with loom's JVM access and the fallback agent (see the module's pom).
 *
 * <p>Each run has a real-time limit ({@value #LIMIT_SECONDS} s; a program takes milliseconds): a
 * backend that hangs makes a {@link Comparison} whose events end with a {@code HUNG} line
 * (after the events it logged until then) instead of blocking the build. The carrier thread of
 * a hung run is left behind (a daemon).
 */
public final class DiffRunner implements AutoCloseable {
    /** The backends compared, in report order. */
    public static final String LOOM = "loom";
    public static final String FALLBACK = "fallback";
    static final long LIMIT_SECONDS = 20;

    private ExecutorService carrier = newCarrier();

    private static ExecutorService newCarrier() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "difftest-carrier");
            t.setDaemon(true);
            return t;
        });
    }

    /** The seed of program number {@code index} of a run with base seed {@code baseSeed}. */
    public static long programSeed(long baseSeed, int index) {
        return baseSeed + index;
    }

    /** Generates the program of {@code seed} and runs it on both backends. */
    public Comparison compare(long seed) {
        return compare(ProgramGenerator.generate(seed));
    }

    /** Runs {@code program} on both backends. */
    public Comparison compare(Program program) {
        return new Comparison(program, LOOM, run(program, LOOM), FALLBACK, run(program, FALLBACK));
    }

    /** Runs {@code program} on {@code backend}, on a carrier thread of its own, within the time limit. */
    public List<String> run(Program program, String backend) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Future<List<String>> f = carrier.submit(() -> Interpreter.run(program, backend, events));
        try {
            return f.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            carrier.shutdownNow();
            carrier = newCarrier();
            List<String> partial;
            synchronized (events) {
                partial = new ArrayList<>(events);
            }
            partial.add("HUNG: the run on " + backend + " did not end within " + LIMIT_SECONDS + " s of real time");
            return partial;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the interpreter itself failed on " + backend + " for seed "
                    + program.seed() + " (a bug in the difftest module or a backend that cannot run): " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running seed " + program.seed(), e);
        }
    }

    @Override
    public void close() {
        carrier.shutdownNow();
    }
}
