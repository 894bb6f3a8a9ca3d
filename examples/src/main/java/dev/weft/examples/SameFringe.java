package dev.weft.examples;

import dev.weft.Generator;
import dev.weft.Weft;

import java.util.Iterator;

/**
 * The canonical coroutine problem: do two binary trees have the same leaves in the same order
 * (the same "fringe"), whatever their shapes? Each tree is walked by a recursive generator that
 * suspends from deep inside the recursion at every leaf; the two walks advance in lock step and
 * stop at the first difference, so a mismatch near the start costs almost nothing.
 *
 * <p>Run: {@code java -cp <classpath> dev.weft.examples.SameFringe}
 */
public final class SameFringe {
    private SameFringe() {
    }

    /** A binary tree: a leaf holds a value, an inner node two subtrees. */
    static final class Tree {
        final Integer leaf;
        final Tree left;
        final Tree right;

        private Tree(Integer leaf, Tree left, Tree right) {
            this.leaf = leaf;
            this.left = left;
            this.right = right;
        }

        static Tree leaf(int v) {
            return new Tree(v, null, null);
        }

        static Tree node(Tree l, Tree r) {
            return new Tree(null, l, r);
        }
    }

    /** Counts the leaves a walker produced, to show the comparison is lazy. */
    static final class Count {
        int leaves;
    }

    static void walk(Tree t, Generator.Yielder<Integer> y, Count count) {
        if (t.leaf != null) {
            count.leaves++;
            y.yield(t.leaf); // suspends the whole recursion, however deep
            return;
        }
        walk(t.left, y, count);
        walk(t.right, y, count);
    }

    static String compare(Tree a, Tree b) {
        Count ca = new Count();
        Count cb = new Count();
        try (Generator<Integer> ga = Generator.of(y -> walk(a, y, ca));
             Generator<Integer> gb = Generator.of(y -> walk(b, y, cb))) {
            Iterator<Integer> ia = ga.iterator();
            Iterator<Integer> ib = gb.iterator();
            boolean same = true;
            while (same) {
                boolean ha = ia.hasNext();
                boolean hb = ib.hasNext();
                if (ha != hb) {
                    same = false;
                } else if (!ha) {
                    break;
                } else {
                    same = ia.next().equals(ib.next());
                }
            }
            return (same ? "same fringe" : "different fringes") + " (walkers produced " + ca.leaves + " and "
                    + cb.leaves + " leaves)";
        }
    }

    /** A left-leaning tree with leaves from..to. */
    static Tree leftComb(int from, int to) {
        Tree t = Tree.leaf(from);
        for (int i = from + 1; i <= to; i++) {
            t = Tree.node(t, Tree.leaf(i));
        }
        return t;
    }

    /** A right-leaning tree with leaves from..to. */
    static Tree rightComb(int from, int to) {
        Tree t = Tree.leaf(to);
        for (int i = to - 1; i >= from; i--) {
            t = Tree.node(Tree.leaf(i), t);
        }
        return t;
    }

    /** A balanced tree with leaves from..to. */
    static Tree balanced(int from, int to) {
        if (from == to) {
            return Tree.leaf(from);
        }
        int mid = (from + to) / 2;
        return Tree.node(balanced(from, mid), balanced(mid + 1, to));
    }

    public static void main(String[] args) {
        Weft.run(() -> {
            System.out.println("left comb vs right comb, leaves 1..1000:      "
                    + compare(leftComb(1, 1000), rightComb(1, 1000)));
            System.out.println("balanced vs left comb, leaves 1..1000:       "
                    + compare(balanced(1, 1000), leftComb(1, 1000)));
            System.out.println("balanced 1..1000 vs comb 2..1001:            "
                    + compare(balanced(1, 1000), leftComb(2, 1001)));
            Tree almost = Tree.node(balanced(1, 499), Tree.node(Tree.leaf(-500), balanced(501, 1000)));
            System.out.println("differ at leaf 500 of 1000:                  " + compare(balanced(1, 1000), almost));
        });
    }
}
