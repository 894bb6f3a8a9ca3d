package dev.weft.compat.channels;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Select;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Spawn;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Misuse of channels, Select and generate fails fast, with the type and message asserted. */
class ChannelBadInputTest {

    private static <T extends Throwable> void fails(Class<T> type, String fragment, Executable body) {
        T e = assertThrows(type, body);
        assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                "message should contain '" + fragment + "' but was: " + e.getMessage());
    }

    @Test
    void bufferedCapacityBelowOneIsRejected() {
        fails(IllegalArgumentException.class, "Channel.buffered(0): the capacity must be at least 1",
                () -> Channel.buffered(0));
        fails(IllegalArgumentException.class, "Channel.buffered(-5)", () -> Channel.buffered(-5));
    }

    @Test
    void nullValuesAreRejected() {
        Run.virtual(() -> {
            Channel<String> ch = Channel.buffered(1);
            fails(NullPointerException.class, "Channel.send: the value is null", () -> ch.send(null));
            fails(NullPointerException.class, "Channel.send: the value is null",
                    () -> ch.send(null, Duration.ofSeconds(1)));
            fails(NullPointerException.class, "Channel.trySend: the value is null", () -> ch.trySend(null));
            assertTrue(ch.trySend("nothing was stored"));
        });
    }

    @Test
    void nullTimeoutsAreRejected() {
        Run.virtual(() -> {
            Channel<String> ch = Channel.buffered(1);
            fails(NullPointerException.class, "Channel.send: the timeout is null", () -> ch.send("x", null));
            fails(NullPointerException.class, "Channel.receive: the timeout is null", () -> ch.receive(null));
        });
    }

    @Test
    void nullCloseCauseIsRejectedAndLeavesTheChannelOpen() {
        Run.virtual(() -> {
            Channel<String> ch = Channel.rendezvous();
            fails(NullPointerException.class, "the cause is null; call close()", () -> ch.close(null));
            assertTrue(!ch.isClosedForSend());
        });
    }

    @Test
    void channelOperationsOutsideAMicrothreadAreRejected() {
        final Channel<Integer> ch = Channel.buffered(1);
        fails(IllegalStateException.class, "Channel.send must be called from a microthread", () -> ch.send(1));
        fails(IllegalStateException.class, "Channel.receive must be called from a microthread", ch::receive);
        fails(IllegalStateException.class, "Channel.trySend must be called from a microthread", () -> ch.trySend(1));
        fails(IllegalStateException.class, "Channel.tryReceive must be called from a microthread", ch::tryReceive);
        fails(IllegalStateException.class, "Channel.close must be called from a microthread", ch::close);
        fails(IllegalStateException.class, "Channel iteration must be called from a microthread",
                () -> ch.iterator().hasNext());
        assertTrue(!ch.isClosedForSend() && !ch.isClosedForReceive(), "the state queries work from any thread");
    }

    @Test
    void selectClausesRejectNulls() {
        final Channel<Integer> ch = Channel.rendezvous();
        fails(NullPointerException.class, "Select.onReceive: the channel is null",
                () -> Select.<String>builder().onReceive(null, v -> "x"));
        fails(NullPointerException.class, "Select.onReceive: the handler is null",
                () -> Select.<String>builder().onReceive(ch, null));
        fails(NullPointerException.class, "Select.onReceive: the onClosed handler is null",
                () -> Select.<String>builder().onReceive(ch, v -> "x", null));
        fails(NullPointerException.class, "Select.onSend: the value is null",
                () -> Select.<String>builder().onSend(ch, null, () -> "x"));
        fails(NullPointerException.class, "Select.onSend: the channel is null",
                () -> Select.<String>builder().onSend(null, 1, () -> "x"));
        fails(NullPointerException.class, "Select.onTimeout: the timeout is null",
                () -> Select.<String>builder().onTimeout(null, () -> "x"));
        fails(NullPointerException.class, "Select.orElse: the handler is null",
                () -> Select.<String>builder().orElse(null));
    }

    @Test
    void contradictoryOrEmptySelectsAreRejected() {
        Run.virtual(() -> {
            fails(IllegalStateException.class, "has no clause, no timeout and no orElse branch",
                    () -> Select.<String>builder().select());
            fails(IllegalStateException.class, "already has an orElse branch",
                    () -> Select.<String>builder().orElse(() -> "a").orElse(() -> "b"));
            fails(IllegalStateException.class, "already has a timeout",
                    () -> Select.<String>builder().onTimeout(Duration.ofSeconds(1), () -> "a")
                            .onTimeout(Duration.ofSeconds(2), () -> "b"));
            fails(IllegalStateException.class, "a timeout could never fire",
                    () -> Select.<String>builder().orElse(() -> "a").onTimeout(Duration.ofSeconds(1), () -> "b"));
            fails(IllegalStateException.class, "which could never fire with an orElse branch",
                    () -> Select.<String>builder().onTimeout(Duration.ofSeconds(1), () -> "b").orElse(() -> "a"));
        });
    }

    @Test
    void selectOutsideAMicrothreadIsRejected() {
        Channel<Integer> ch = Channel.rendezvous();
        fails(IllegalStateException.class, "Select.select must be called from a microthread",
                () -> Select.<String>builder().onReceive(ch, v -> "x").orElse(() -> "y").select());
    }

    @Test
    void generateRejectsNullAndPlainThreads() {
        fails(IllegalStateException.class, "Microthreads.generate must be called from a microthread",
                () -> Microthreads.generate(sink -> sink.send(1)));
        Run.virtual(() -> fails(NullPointerException.class, "Microthreads.generate: the producer is null",
                () -> Microthreads.generate(null)));
    }

    @Test
    void aChannelWithWaitersOfOneSchedulerRejectsAnotherSchedulersMicrothread() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Channel<Integer> ch = Channel.rendezvous();
            Microthread r = Spawn.start(trace, "R", () -> {
                try {
                    ch.receive();
                } catch (dev.weft.ChannelClosedException e) {
                    trace.add("R released by close");
                }
            });
            Microthread.yield(); // R waits on ch in this scheduler
            try {
                Run.virtual(() -> ch.send(1)); // a second scheduler, on its own carrier
            } catch (IllegalStateException e) {
                trace.add("other scheduler rejected: "
                        + e.getMessage().contains("A channel serves the microthreads of one scheduler at a time"));
            }
            ch.close();
            r.join();
        });
        trace.assertEvents("other scheduler rejected: true", "R released by close");
    }
}
