package dev.weft.examples.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Microthread;
import dev.weft.Scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * synchronized in build-time-woven code: cooperative among microthreads, and a platform thread
 * that would break the exclusion is refused instead of let in.
 */
class CooperativeMonitorTest {
    private final Object lock = new Object();

    @Test
    void aPlatformThreadEnteringAMonitorThatASuspendedMicrothreadHoldsIsRefused() throws Exception {
        List<String> events = new ArrayList<>();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Scheduler.builder().backend("fallback").virtualTime().build().run(() -> {
            Microthread holder = Microthread.start(() -> {
                synchronized (lock) {
                    events.add("holder in");
                    try {
                        Microthread.sleep(10); // suspended inside: the carrier gives the JVM monitor back
                    } catch (InterruptedException e) {
                        events.add("unexpected interrupt");
                    }
                    events.add("holder out");
                }
            });
            Microthread.yield(); // the holder enters and sleeps
            Thread platform = new Thread(() -> {
                try {
                    synchronized (lock) {
                        events.add("platform thread in: exclusion broken");
                    }
                } catch (IllegalMonitorStateException e) {
                    refused.set(e);
                }
            });
            platform.start();
            platform.join(); // blocks the carrier briefly; the platform thread does not need it
            events.add("platform thread refused");
            holder.join();
        });
        assertEquals(Arrays.asList("holder in", "platform thread refused", "holder out"), events);
        assertTrue(refused.get().getMessage().contains("cannot wait for a microthread's monitor"),
                refused.get().getMessage());
    }

    @Test
    void aPlatformThreadEntersFreelyWhenNoMicrothreadHoldsTheMonitor() throws Exception {
        List<String> events = new ArrayList<>();
        Thread platform = new Thread(() -> {
            synchronized (lock) {
                events.add("platform thread in");
            }
        });
        platform.start();
        platform.join();
        assertEquals(Arrays.asList("platform thread in"), events);
    }
}
