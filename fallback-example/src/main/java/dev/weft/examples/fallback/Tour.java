package dev.weft.examples.fallback;

import dev.weft.Channel;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microthreads, coroutines and channels on the fallback backend, woven at build time by
 * weft-maven-plugin (see this module's pom.xml): run it with no agent, on JDK 17,
 *
 * <pre>
 *   java --add-opens java.base/java.lang=ALL-UNNAMED \
 *        -cp fallback-example/target/classes:weft-api.jar:weft-fallback.jar dev.weft.examples.fallback.Tour
 * </pre>
 *
 * with {@code target/classes} before the weft jars (it holds the woven copies of weft's classes).
 * Each part returns the events it saw, in order, on a virtual clock, so they are the same on
 * every run.
 */
public final class Tour {
    private Tour() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("backend: " + backend());
        System.out.println("microthreads: " + microthreads());
        System.out.println("coroutines:   " + coroutines());
        System.out.println("channels:     " + channels());
    }

    /** The backend a default scheduler picks here: "fallback" when only weft-fallback is installed. */
    public static String backend() {
        try (Scheduler s = Scheduler.create()) {
            return s.backend();
        }
    }

    /**
     * Two microthreads take turns at each yield and sleep on a virtual clock; the main microthread
     * joins them. Every suspension here passes through {@link #work}, a method of this class,
     * which only build-time weaving made resumable.
     */
    public static List<String> microthreads() {
        List<String> events = new ArrayList<>();
        Scheduler s = Scheduler.builder().virtualTime().build();
        s.run(() -> {
            long t0 = s.clock().nanoTime();
            Microthread a = Microthread.start(() -> work("a", 2, 10, events, s, t0));
            Microthread b = Microthread.start(() -> work("b", 2, 15, events, s, t0));
            a.join();
            b.join();
            events.add("joined at " + millis(s, t0));
        });
        return events;
    }

    private static void work(String name, int rounds, long sleepMillis, List<String> events, Scheduler s, long t0) {
        for (int i = 0; i < rounds; i++) {
            events.add(name + i + " at " + millis(s, t0));
            Microthread.yield();
            try {
                Microthread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long millis(Scheduler s, long t0) {
        return TimeUnit.NANOSECONDS.toMillis(s.clock().nanoTime() - t0);
    }

    /**
     * A generator that yields the leaves of a tree from a recursive walk (it suspends from any
     * depth), and a coroutine that keeps a running total of what it is resumed with.
     */
    public static List<String> coroutines() {
        List<String> events = new ArrayList<>();
        Scheduler.builder().virtualTime().build().run(() -> {
            Object tree = new Object[] {1, new Object[] {2, new Object[] {3, 4}}, 5};
            try (Generator<Integer> leaves = Generator.of(y -> walk(tree, y))) {
                for (int leaf : leaves) {
                    events.add("leaf " + leaf);
                }
            }
            Coroutine<Integer, Integer> total = Coroutine.create((suspender, first) -> {
                int sum = first;
                while (sum < 10) {
                    sum += suspender.yield(sum);
                }
                return -sum;
            });
            for (int n = 1; !total.isDone(); n++) {
                events.add("total " + total.resume(n));
            }
        });
        return events;
    }

    private static void walk(Object node, Generator.Yielder<Integer> out) {
        if (node instanceof Object[]) {
            for (Object child : (Object[]) node) {
                walk(child, out);
            }
        } else {
            out.yield((Integer) node);
        }
    }

    /**
     * A pipeline: a producer microthread sends 1..4 (with a virtual pause after each), a filter
     * microthread squares them into a buffered channel, and the main microthread reads until the
     * channel is closed.
     */
    public static List<String> channels() {
        List<String> events = new ArrayList<>();
        Scheduler s = Scheduler.builder().virtualTime().build();
        s.run(() -> {
            long t0 = s.clock().nanoTime();
            Channel<Integer> numbers = Microthreads.generate(sink -> {
                for (int i = 1; i <= 4; i++) {
                    sink.send(i);
                    events.add("sent " + i + " at " + millis(s, t0));
                    Microthread.sleep(100);
                }
            });
            Channel<Integer> squares = Channel.buffered(2);
            Microthread.start(() -> {
                try {
                    for (int n : numbers) {
                        squares.send(n * n);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    squares.close();
                }
            });
            for (int sq : squares) {
                events.add("got " + sq + " at " + millis(s, t0));
            }
            events.add("closed at " + millis(s, t0));
        });
        return events;
    }
}
