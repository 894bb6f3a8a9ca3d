package dev.weft.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.fallback.testing.WeavingLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Continuations on several threads at once do not see each other's frames. */
class ThreadsTest {
    @Test
    void continuationsOnTwoThreadsAtOnceKeepTheirOwnFrames() throws Exception {
        final WeavingLoader loader = new WeavingLoader("dev.weft.fallback.samples.");
        final Class<?> type = loader.loadClass("dev.weft.fallback.samples.Samples$Accumulator");
        long expected = 7;
        for (int k = 0; k < 5; k++) {
            expected = expected * 31 + k;
        }
        final long want = expected;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            try {
                for (int round = 0; round < 2000; round++) {
                    Runnable body = (Runnable) type.getDeclaredConstructor().newInstance();
                    Continuation c = new Continuation(body);
                    int suspensions = 0;
                    while (c.run()) {
                        suspensions++;
                    }
                    assertEquals(5, suspensions);
                    assertEquals(want, type.getField("result").getLong(body));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread a = new Thread(work, "a");
        Thread b = new Thread(work, "b");
        a.start();
        b.start();
        a.join();
        b.join();
        assertNull(failure.get());
    }

    /**
     * A continuation's saved frames belong to it, not to the thread that ran it: suspended on
     * one thread, it resumes on another (each run on a fresh thread here), and every thread's
     * frame stack is left empty for the next continuation it runs.
     */
    @Test
    void aContinuationSuspendedOnOneThreadResumesOnAnother() throws Exception {
        final WeavingLoader loader = new WeavingLoader("dev.weft.fallback.samples.");
        final Class<?> type = loader.loadClass("dev.weft.fallback.samples.Samples$Accumulator");
        Runnable body = (Runnable) type.getDeclaredConstructor().newInstance();
        final Continuation c = new Continuation(body);
        final boolean[] more = new boolean[1];
        int runs = 0;
        do {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    more[0] = c.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "run-" + runs);
            t.start();
            t.join();
            assertNull(failure.get());
            runs++;
        } while (more[0]);
        assertEquals(6, runs); // five suspensions, then the end
        long expected = 7;
        for (int k = 0; k < 5; k++) {
            expected = expected * 31 + k;
        }
        assertEquals(expected, type.getField("result").getLong(body));
    }
}
