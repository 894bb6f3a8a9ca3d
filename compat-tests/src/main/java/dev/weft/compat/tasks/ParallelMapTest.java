package dev.weft.compat.tasks;

import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Microthreads#parallelMap}: input order, concurrency, fail-fast. */
class ParallelMapTest {

    @Test
    void resultsAreInInputOrderEvenWhenItemsFinishInReverseOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            List<Integer> out = Microthreads.parallelMap(i -> {
                Microthread.sleep((5 - i) * 1_000L);
                trace.add("done " + i);
                return i * 10;
            }, Arrays.asList(1, 2, 3, 4));
            assertEquals(Arrays.asList(10, 20, 30, 40), out);
            trace.add("mapped at " + Run.nowMillis());
        });
        // concurrent: the total is the longest item (4 s), not the sum (10 s)
        trace.assertEvents("done 4", "done 3", "done 2", "done 1", "mapped at 4000");
    }

    @Test
    void eachItemRunsInItsOwnMicrothreadStartedInItemOrder() {
        final Trace trace = new Trace();
        Run.virtual(() -> {
            final Microthread caller = Microthread.current();
            List<String> out = Microthreads.parallelMap(s -> {
                trace.add("start " + s);
                assertTrue(Microthread.current() != caller);
                Microthread.yield();
                return s.toUpperCase();
            }, Arrays.asList("a", "b", "c"));
            assertEquals(Arrays.asList("A", "B", "C"), out);
        });
        trace.assertEvents("start a", "start b", "start c");
    }

    @Test
    void firstFailureCancelsTheRestAndIsRethrownAsTheCauseOfCompletionException() {
        final Trace trace = new Trace();
        final IllegalArgumentException boom = new IllegalArgumentException("item 2 is bad");
        Run.virtual(() -> {
            CompletionException e = assertThrows(CompletionException.class, () -> Microthreads.parallelMap(i -> {
                if (i == 2) {
                    Microthread.sleep(1_000);
                    throw boom;
                }
                try {
                    Microthread.sleep(3_600_000);
                    return i;
                } finally {
                    trace.add("finally " + i);
                }
            }, Arrays.asList(1, 2, 3)));
            assertSame(boom, e.getCause());
            trace.add("rethrown at " + Run.nowMillis());
        });
        trace.assertEvents("finally 1", "finally 3", "rethrown at 1000");
    }

    @Test
    void emptyItemsGiveAnEmptyListWithoutStartingAnything() {
        Run.virtual(() -> {
            List<Object> out = Microthreads.parallelMap(x -> {
                throw new AssertionError("never called");
            }, Collections.emptyList());
            assertTrue(out.isEmpty());
        });
    }

    @Test
    void theResultListIsUnmodifiableAndKeepsNulls() {
        Run.virtual(() -> {
            List<String> out = Microthreads.parallelMap(s -> s.isEmpty() ? null : s, Arrays.asList("x", "", "z"));
            assertEquals(Arrays.asList("x", null, "z"), out);
            assertThrows(UnsupportedOperationException.class, () -> out.add("more"));
        });
    }
}
