package dev.weft.compat.coroutines;

import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.Microthread;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Generator}: lazy, single-pass, closeable sequences yielded from any call depth. */
class GeneratorTest {

    @Test
    void forEachSeesYieldedAndDelegatedValuesInOrder() {
        List<Integer> got = Run.virtual(() -> {
            List<Integer> out = new ArrayList<Integer>();
            for (int v : Generator.<Integer>of(y -> {
                y.yield(1);
                y.yieldAll(Arrays.asList(2, 3));
                y.yield(4);
            })) {
                out.add(v);
            }
            return out;
        });
        assertEquals(Arrays.asList(1, 2, 3, 4), got);
    }

    @Test
    void theBodyRunsLazilyOneValueAhead() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> {
                for (int i = 1; i <= 2; i++) {
                    t.add("yield " + i);
                    y.yield(i);
                }
                t.add("body ends");
            });
            t.add("created");
            Iterator<Integer> it = g.iterator();
            t.add("iterator made");
            t.add("hasNext " + it.hasNext());
            t.add("hasNext again " + it.hasNext());
            t.add("next " + it.next());
            t.add("next " + it.next());
            t.add("hasNext " + it.hasNext());
            assertTrue(g.isDone());
        });
        t.assertEvents("created", "iterator made", "yield 1", "hasNext true", "hasNext again true", "next 1",
                "yield 2", "next 2", "body ends", "hasNext false");
    }

    @Test
    void nextAfterTheLastValueThrowsNoSuchElementException() {
        Run.virtual(() -> {
            Iterator<String> it = Generator.<String>of(y -> y.yield("only")).iterator();
            assertEquals("only", it.next());
            assertFalse(it.hasNext());
            NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
            assertTrue(e.getMessage().contains("has no more values"), e.getMessage());
        });
    }

    @Test
    void nullValuesAreValuesOfTheSequence() {
        List<String> got = Run.virtual(() -> {
            List<String> out = new ArrayList<String>();
            for (String s : Generator.<String>of(y -> {
                y.yield(null);
                y.yield("x");
            })) {
                out.add(s);
            }
            return out;
        });
        assertEquals(Arrays.asList(null, "x"), got);
    }

    @Test
    void recursiveGeneratorsWithYieldAllTraverseATreeInOrder() {
        final Tree tree = Tree.node(Tree.node(Tree.leaf(1), Tree.leaf(2)),
                Tree.node(Tree.leaf(3), Tree.node(Tree.leaf(4), Tree.leaf(5))));
        List<Integer> got = Run.virtual(() -> {
            List<Integer> out = new ArrayList<Integer>();
            try (Generator<Integer> g = inOrder(tree)) {
                for (int v : g) {
                    out.add(v);
                }
            }
            return out;
        });
        assertEquals(Arrays.asList(1, 2, 3, 4, 5), got);
    }

    /** A generator per subtree: the depth of nested generators follows the tree. */
    static Generator<Integer> inOrder(final Tree t) {
        return Generator.of(y -> {
            if (t.isLeaf()) {
                y.yield(t.value);
            } else {
                y.yieldAll(inOrder(t.left));
                y.yieldAll(inOrder(t.right));
            }
        });
    }

    @Test
    void leavingAForEachEarlyWithTryWithResourcesRunsFinallyAndProducesNothingMore() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            try (Generator<Integer> g = Generator.of(y -> {
                try {
                    for (int i = 1; ; i++) {
                        t.add("produce " + i);
                        y.yield(i);
                    }
                } finally {
                    t.add("finally");
                }
            })) {
                for (int v : g) {
                    t.add("consume " + v);
                    if (v == 2) {
                        break;
                    }
                }
                t.add("left loop");
            }
            t.add("after try");
        });
        t.assertEvents("produce 1", "consume 1", "produce 2", "consume 2", "left loop", "finally", "after try");
    }

    @Test
    void theIteratorEndsAfterClose() {
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> {
                for (int i = 0; ; i++) {
                    y.yield(i);
                }
            });
            Iterator<Integer> it = g.iterator();
            assertEquals(0, (int) it.next());
            g.close();
            assertTrue(g.isDone());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        });
    }

    @Test
    void closingARecursiveGeneratorRunsTheFinallyBlocksOfItsDelegatesInnermostFirst() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Generator<String> g = nested(3, t);
            Iterator<String> it = g.iterator();
            t.add("got " + it.next());
            g.close();
        });
        t.assertEvents("got leaf", "finally 1", "finally 2", "finally 3");
    }

    private static Generator<String> nested(final int depth, final Trace t) {
        return Generator.of(y -> {
            try {
                if (depth == 1) {
                    y.yield("leaf");
                    y.yield("second leaf");
                } else {
                    y.yieldAll(nested(depth - 1, t));
                }
            } finally {
                t.add("finally " + depth);
            }
        });
    }

    @Test
    void closeBeforeIteratingNeverRunsTheBody() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> {
                try {
                    t.add("body ran");
                } finally {
                    t.add("finally ran");
                }
            });
            g.close();
            assertTrue(g.isDone());
            assertFalse(g.iterator().hasNext());
        });
        t.assertEvents();
    }

    @Test
    void streamWithLimitPullsOnlyTheValuesItNeeds() {
        final Trace t = new Trace();
        List<Integer> got = Run.virtual(() -> {
            Generator<Integer> naturals = Generator.of(y -> {
                try {
                    for (int i = 0; ; i++) {
                        t.add("produce " + i);
                        y.yield(i);
                    }
                } finally {
                    t.add("finally");
                }
            });
            try (Stream<Integer> s = naturals.stream()) {
                return s.map(i -> i * i).limit(3).collect(Collectors.toList());
            }
        });
        assertEquals(Arrays.asList(0, 1, 4), got);
        t.assertEvents("produce 0", "produce 1", "produce 2", "finally");
    }

    @Test
    void closingTheStreamClosesTheGenerator() {
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> {
                y.yield(1);
                y.yield(2);
            });
            Stream<Integer> s = g.stream();
            assertEquals(1, (int) s.findFirst().get());
            assertFalse(g.isDone());
            s.close();
            assertTrue(g.isDone());
        });
    }

    @Test
    void aSecondIteratorThrowsIllegalStateException() {
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> y.yield(1));
            g.iterator();
            IllegalStateException e = assertThrows(IllegalStateException.class, g::iterator);
            assertTrue(e.getMessage().contains("was already iterated; a generator is a single pass"), e.getMessage());
        });
    }

    @Test
    void streamAfterIteratorThrowsIllegalStateException() {
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> y.yield(1));
            g.iterator();
            IllegalStateException e = assertThrows(IllegalStateException.class, g::stream);
            assertTrue(e.getMessage().contains("was already iterated"), e.getMessage());
        });
    }

    @Test
    void anExceptionFromTheBodyComesOutOfNextAsTheSameInstanceAndEndsTheSequence() {
        final IllegalStateException boom = new IllegalStateException("boom");
        Run.virtual(() -> {
            Generator<Integer> g = Generator.of(y -> {
                y.yield(1);
                throw boom;
            });
            Iterator<Integer> it = g.iterator();
            assertEquals(1, (int) it.next());
            assertSame(boom, assertThrows(IllegalStateException.class, it::next));
            assertTrue(g.isDone());
            assertFalse(it.hasNext());
        });
    }

    @Test
    void aYielderThatEscapedItsBodyThrowsIllegalStateException() {
        Run.virtual(() -> {
            final List<Generator.Yielder<String>> escaped = new ArrayList<Generator.Yielder<String>>();
            Generator<String> g = Generator.of(y -> {
                escaped.add(y);
                y.yield("a");
            });
            Iterator<String> it = g.iterator();
            it.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> escaped.get(0).yield("stray"));
            assertTrue(e.getMessage().contains("outside any coroutine body"), e.getMessage());
            g.close();
        });
    }

    @Test
    void theCoroutineOfAGeneratorCannotBeResumedDirectly() {
        Run.virtual(() -> {
            final List<Coroutine<?, ?>> inside = new ArrayList<Coroutine<?, ?>>();
            Generator<String> g = Generator.of(y -> {
                inside.add(Coroutine.current());
                y.yield("a");
            });
            g.iterator().next();
            @SuppressWarnings("unchecked")
            Coroutine<Object, Object> c = (Coroutine<Object, Object>) inside.get(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.resume(null));
            assertTrue(e.getMessage().contains("iterate the generator instead"), e.getMessage());
            g.close();
        });
    }

    @Test
    void iteratingFromAPlainThreadThrowsIllegalStateException() {
        Generator<Integer> g = Generator.of(y -> y.yield(1));
        Iterator<Integer> it = g.iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
        assertTrue(e.getMessage().contains("Generator iteration"), e.getMessage());
        assertTrue(e.getMessage().contains("which is not a microthread"), e.getMessage());
    }

    @Test
    void aGeneratorIteratedByOneMicrothreadRunsItsBodyOnThatMicrothread() {
        final Trace t = new Trace();
        Run.virtual(() -> {
            final Generator<String> g = Generator.of(y -> {
                y.yield(Microthread.current().getName());
            });
            Microthread reader = new Microthread(() -> {
                for (String name : g) {
                    t.add("body ran in " + name);
                }
            }, "reader");
            reader.start();
            reader.join();
        });
        t.assertEvents("body ran in reader");
    }

    /** A binary tree with values in its leaves. */
    static final class Tree {
        final Integer value;
        final Tree left;
        final Tree right;

        private Tree(Integer value, Tree left, Tree right) {
            this.value = value;
            this.left = left;
            this.right = right;
        }

        static Tree leaf(int v) {
            return new Tree(v, null, null);
        }

        static Tree node(Tree l, Tree r) {
            return new Tree(null, l, r);
        }

        boolean isLeaf() {
            return value != null;
        }
    }
}
