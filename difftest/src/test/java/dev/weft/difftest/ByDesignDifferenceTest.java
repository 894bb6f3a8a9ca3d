package dev.weft.difftest;

import dev.weft.Generator;
import dev.weft.Microthread;
import dev.weft.Scheduler;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differences the backends are allowed to have (SPEC §4), kept out of the random mix and pinned
 * here so that they stay what the contract says: on fallback, a suspension through a frame that
 * was not woven fails loudly, naming the frame, instead of hanging or misbehaving.
 */
class ByDesignDifferenceTest {

    /**
     * A generator pulled through a JDK stream, whose body blocks: the wait must suspend the
     * iterating microthread through the stream's frames. On loom that just works; on fallback
     * those JDK frames are not woven, so the wait is refused with the frame named.
     */
    @Test
    void aGeneratorBodyThatBlocksWhilePulledThroughAStreamWorksOnLoomAndFailsLoudlyOnFallback() {
        assertEquals("1,2", pullThroughStream(DiffRunner.LOOM));
        String fallback = pullThroughStream(DiffRunner.FALLBACK);
        assertTrue(fallback.startsWith("UnwovenFrameException: weft: cannot suspend: the frame java.base/java.util.Spliterators$IteratorSpliterator.tryAdvance("),
                fallback);
        assertTrue(fallback.contains("use a plain loop instead"), fallback);
    }

    private static String pullThroughStream(String backend) {
        return Scheduler.builder().backend(backend).virtualTime().build().run(() -> {
            try (Generator<Integer> g = Generator.of(y -> {
                y.yield(1);
                Microthread.sleep(5);
                y.yield(2);
            })) {
                return g.stream().limit(2).map(String::valueOf).collect(Collectors.joining(","));
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });
    }
}
