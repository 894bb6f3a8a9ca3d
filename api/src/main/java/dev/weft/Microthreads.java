package dev.weft;

/**
 * Structured helpers over microthreads (the seeds' {@code start_in_parallel}, {@code parallel_map}
 * and {@code generate}).
 */
public final class Microthreads {
    private Microthreads() {
    }

    // ------------------------------------------------------------------ tasks: parallelMap, newPerTaskExecutor
    // (owned by the tasks work; keep this section apart from the channels section below)



    // ------------------------------------------------------------------ channels: generate
    // (owned by the channels work)

    /**
     * The body of a {@link #generate} producer.
     *
     * @param <T> the type of the values
     */
    @FunctionalInterface
    public interface Producer<T> {
        /**
         * Sends values into {@code sink}; returning closes it, throwing closes it with the failure.
         *
         * @param sink the channel the reader receives from
         * @throws Exception any failure, delivered to the reader as the close cause
         */
        void produce(Channel<T> sink) throws Exception;
    }

    /**
     * Returns a rendezvous channel fed by a new microthread that runs {@code producer} with the
     * channel as its sink (the seeds' {@code generate}): a lazy stream, since each send waits for
     * the reader to take the value.
     *
     * <pre>{@code
     * Channel<Integer> squares = Microthreads.generate(sink -> {
     *     for (int i = 1; i <= 3; i++) sink.send(i * i);
     * });
     * for (int s : squares) System.out.println(s);   // 1, 4, 9, then the loop ends
     * }</pre>
     *
     * <ul>
     *   <li>The producer microthread, named {@code "generator"}, is started now (appended to the
     *       run queue; the caller keeps running). It is a daemon: a reader that abandons the
     *       channel does not keep the scheduler alive; when every non-daemon microthread has
     *       ended, the producer is interrupted, as daemons are.</li>
     *   <li>When the producer returns, the channel is {@linkplain Channel#close() closed}: the
     *       reader gets the values sent so far, then its loop ends.</li>
     *   <li>When the producer throws, the channel is {@linkplain Channel#close(Throwable) closed
     *       with that failure}: after the values sent so far, the reader's receive (or loop)
     *       throws {@link ChannelClosedException} whose cause is the producer's exception.
     *       So a failure travels down a pipeline of generators, each stage wrapping it once.</li>
     *   <li>A reader that has had enough {@linkplain Channel#close() closes} the channel: the
     *       producer's next (or current) send throws {@link ChannelClosedException}, so its
     *       {@code finally} blocks run and it ends. That exception ends the producer quietly. Any
     *       other failure of a producer whose channel the reader closed cannot reach the reader;
     *       it goes to the uncaught-exception handlers, so nothing is lost.</li>
     *   <li>An {@link Error} thrown by the producer closes the channel with it and is then
     *       rethrown to the handlers as well.</li>
     * </ul>
     *
     * @param <T> the type of the values
     * @param producer the body of the producer microthread; it sends into the channel it is given
     * @return the channel the producer feeds, to read from this microthread or others of its scheduler
     * @throws NullPointerException if {@code producer} is null
     * @throws IllegalStateException if not called from a microthread (the channel could only be
     *         read from one)
     */
    public static <T> Channel<T> generate(final Producer<T> producer) {
        java.util.Objects.requireNonNull(producer, "Microthreads.generate: the producer is null");
        dev.weft.internal.Fiber.require("Microthreads.generate");
        final Channel<T> channel = Channel.rendezvous();
        Microthread t = new Microthread(new Runnable() {
            @Override
            public void run() {
                runProducer(producer, channel);
            }
        }, "generator");
        t.setDaemon(true);
        t.start();
        return channel;
    }

    private static <T> void runProducer(Producer<T> producer, Channel<T> channel) {
        try {
            producer.produce(channel);
        } catch (ChannelClosedException e) {
            if (!channel.isClosedForSend()) {
                channel.close(e); // from another channel, e.g. a failed upstream stage: pass it on
            }
            // else the reader closed our channel and our send failed: the producer's way to stop
            return;
        } catch (Throwable failure) {
            if (!channel.close(failure) || failure instanceof Error) {
                sneakyThrow(failure); // the reader cannot get it (or must not miss it): the handlers do
            }
            return;
        }
        channel.close();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

}
