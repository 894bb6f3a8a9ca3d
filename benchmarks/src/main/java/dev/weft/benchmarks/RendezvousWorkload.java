package dev.weft.benchmarks;

import dev.weft.Channel;
import dev.weft.Microthread;

/**
 * Workload 2, "rendezvous ping-pong": its size and message, and the body of weft's contenders on
 * both backends ({@link RendezvousBenchmark#weftRendezvous},
 * {@link FallbackRendezvousBenchmark#weftFallbackRendezvous}). Java 17 source, no JDK-internal
 * type: the fallback contenders are compiled again for JDK 17 (see {@code run.sh}).
 */
final class RendezvousWorkload {
    /** Round trips per invocation. */
    static final int ROUND_TRIPS = 10_000;
    /** The message of every contender: one preallocated object, so no contender pays for boxing. */
    static final Object MESSAGE = new Object();

    private RendezvousWorkload() {
    }

    /**
     * Two microthreads on a new scheduler of {@code backend}: the main one sends {@link #MESSAGE}
     * to an echo over one {@link Channel#rendezvous()} and receives it back over another,
     * {@link #ROUND_TRIPS} times.
     *
     * @return the round trips, {@link #ROUND_TRIPS}
     * @throws IllegalStateException if another message came back
     */
    static int weft(String backend) {
        return WeftRun.on(backend, () -> {
            Channel<Object> ping = Channel.rendezvous();
            Channel<Object> pong = Channel.rendezvous();
            Microthread echo = Microthread.start(() -> {
                try {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        pong.send(ping.receive());
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException("echo interrupted", e);
                }
            });
            int trips = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.send(MESSAGE);
                if (pong.receive() != MESSAGE) {
                    throw new IllegalStateException("weft rendezvous: wrong message in round trip " + i);
                }
                trips++;
            }
            echo.join();
            return trips;
        });
    }
}
