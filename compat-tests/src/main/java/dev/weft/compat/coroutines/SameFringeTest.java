package dev.weft.compat.coroutines;

import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.compat.coroutines.GeneratorTest.Tree;
import dev.weft.compat.support.Run;
import dev.weft.compat.support.Trace;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Objects;

import static dev.weft.compat.coroutines.GeneratorTest.Tree.leaf;
import static dev.weft.compat.coroutines.GeneratorTest.Tree.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canonical test of stackful coroutines: two recursive tree walkers, each yielding from the
 * depth of its recursion, compared leaf by leaf, lazily.
 */
class SameFringeTest {

    /** Leaves counted per walker, to prove the comparison is lazy. */
    private static final class Counter {
        int produced;
    }

    /** Walks {@code t} recursively in one generator: yields happen deep in the recursion. */
    private static Generator<Integer> walker(final Tree t, final Counter c, final Trace trace, final String name) {
        return Generator.of(y -> {
            try {
                walk(t, y, c);
            } finally {
                trace.add(name + " finally");
            }
        });
    }

    private static void walk(Tree t, Generator.Yielder<Integer> y, Counter c) {
        if (t.isLeaf()) {
            c.produced++;
            y.yield(t.value);
        } else {
            walk(t.left, y, c);
            walk(t.right, y, c);
        }
    }

    private static boolean sameFringe(Iterable<Integer> a, Iterable<Integer> b) {
        Iterator<Integer> ia = a.iterator();
        Iterator<Integer> ib = b.iterator();
        while (true) {
            boolean ha = ia.hasNext();
            boolean hb = ib.hasNext();
            if (!ha || !hb) {
                return ha == hb;
            }
            if (!Objects.equals(ia.next(), ib.next())) {
                return false;
            }
        }
    }

    @Test
    void differentlyShapedTreesWithTheSameLeavesHaveTheSameFringe() {
        final Tree left = node(node(leaf(1), leaf(2)), node(leaf(3), leaf(4)));
        final Tree right = node(leaf(1), node(leaf(2), node(leaf(3), leaf(4))));
        final Counter ca = new Counter();
        final Counter cb = new Counter();
        final Trace t = new Trace();
        boolean same = Run.virtual(() -> {
            try (Generator<Integer> a = walker(left, ca, t, "a"); Generator<Integer> b = walker(right, cb, t, "b")) {
                return sameFringe(a, b);
            }
        });
        assertTrue(same);
        assertEquals(4, ca.produced);
        assertEquals(4, cb.produced);
        t.assertEvents("a finally", "b finally"); // both walkers ran to their end
    }

    @Test
    void unequalFringesStopAtTheFirstDifference() {
        final Tree left = node(node(leaf(1), leaf(2)), node(leaf(3), node(leaf(4), leaf(5))));
        final Tree right = node(leaf(1), node(node(leaf(2), leaf(9)), node(leaf(4), leaf(5))));
        final Counter ca = new Counter();
        final Counter cb = new Counter();
        final Trace t = new Trace();
        boolean same = Run.virtual(() -> {
            try (Generator<Integer> a = walker(left, ca, t, "a"); Generator<Integer> b = walker(right, cb, t, "b")) {
                boolean r = sameFringe(a, b);
                t.add("compared");
                return r;
            }
        });
        assertFalse(same);
        assertEquals(3, ca.produced, "walker a stopped at the first difference");
        assertEquals(3, cb.produced, "walker b stopped at the first difference");
        t.assertEvents("compared", "b finally", "a finally"); // closed by try-with-resources, in reverse order
    }

    @Test
    void aFringeThatIsAPrefixOfTheOtherIsNotTheSame() {
        final Tree shorter = node(leaf(1), leaf(2));
        final Tree longer = node(node(leaf(1), leaf(2)), leaf(3));
        final Counter ca = new Counter();
        final Counter cb = new Counter();
        final Trace t = new Trace();
        boolean same = Run.virtual(() -> {
            try (Generator<Integer> a = walker(shorter, ca, t, "a"); Generator<Integer> b = walker(longer, cb, t, "b")) {
                return sameFringe(a, b);
            }
        });
        assertFalse(same);
        assertEquals(2, ca.produced);
        assertEquals(3, cb.produced);
        t.assertEvents("a finally", "b finally");
    }

    @Test
    void sameFringeWithRawCoroutinesComparesLeafByLeaf() {
        final Tree left = node(leaf(1), node(leaf(2), leaf(3)));
        final Tree right = node(node(leaf(1), leaf(7)), leaf(3));
        final Trace t = new Trace();
        boolean same = Run.virtual(() -> {
            try (Coroutine<Void, Integer> a = coroutineWalker(left, t, "a");
                 Coroutine<Void, Integer> b = coroutineWalker(right, t, "b")) {
                while (true) {
                    Integer va = a.resume(null);
                    Integer vb = b.resume(null);
                    t.add("compare " + va + " " + vb);
                    if (a.isDone() || b.isDone()) {
                        return a.isDone() && b.isDone();
                    }
                    if (!va.equals(vb)) {
                        return false;
                    }
                }
            }
        });
        assertFalse(same);
        t.assertEvents("a leaf 1", "b leaf 1", "compare 1 1", "a leaf 2", "b leaf 7", "compare 2 7");
    }

    /** A walker that returns null (its end marker) after its last leaf. */
    private static Coroutine<Void, Integer> coroutineWalker(final Tree tree, final Trace t, final String name) {
        return Coroutine.create((s, first) -> {
            walkCoroutine(tree, s, t, name);
            return null;
        });
    }

    private static void walkCoroutine(Tree tree, Coroutine.Suspender<Void, Integer> s, Trace t, String name) {
        if (tree.isLeaf()) {
            t.add(name + " leaf " + tree.value);
            s.yield(tree.value);
        } else {
            walkCoroutine(tree.left, s, t, name);
            walkCoroutine(tree.right, s, t, name);
        }
    }
}
