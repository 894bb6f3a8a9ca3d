package dev.weft.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Makes a failing program smaller while it keeps failing: removes one operation at a time, or
 * replaces an operation that has a block by that block, and keeps the first smaller program
 * that still fails, until no single step does. Greedy, so the result is small, not smallest.
 */
public final class Shrinker {
    private Shrinker() {
    }

    /**
     * @param program a program for which {@code fails} is true
     * @param fails   the property to keep, e.g. "the backends log different events"
     * @return a program no larger than {@code program} for which {@code fails} is still true
     */
    public static Program shrink(Program program, Predicate<Program> fails) {
        Program current = program;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (List<Op> candidate : variants(current.main())) {
                Program p = new Program(current.seed(), current.channels(), current.locks(), candidate);
                if (fails.test(p)) {
                    current = p;
                    smaller = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Every block obtained from {@code ops} by one step: removing an operation, or inlining a block. */
    static List<List<Op>> variants(List<Op> ops) {
        List<List<Op>> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<Op> removed = new ArrayList<>(ops);
            removed.remove(i);
            out.add(removed);
            List<Op> body = Printer.body(op);
            if (body != null) {
                List<Op> inlined = new ArrayList<>(ops.subList(0, i));
                inlined.addAll(body);
                inlined.addAll(ops.subList(i + 1, ops.size()));
                out.add(inlined);
                for (List<Op> inner : variants(body)) {
                    List<Op> changed = new ArrayList<>(ops);
                    changed.set(i, withBody(op, inner));
                    out.add(changed);
                }
            }
        }
        return out;
    }

    private static Op withBody(Op op, List<Op> body) {
        if (op instanceof Op.Spawn s) {
            return new Op.Spawn(s.name(), s.daemon(), body);
        } else if (op instanceof Op.Locked l) {
            return new Op.Locked(l.lock(), l.mode(), l.timeout(), body);
        } else if (op instanceof Op.Try) {
            return new Op.Try(body);
        } else if (op instanceof Op.Call c) {
            return new Op.Call(c.id(), c.depth(), c.frames(), body);
        } else if (op instanceof Op.Coro c) {
            return new Op.Coro(c.id(), body, c.resumes(), c.throwAt());
        } else if (op instanceof Op.Gen g) {
            return new Op.Gen(g.id(), body, g.take());
        } else if (op instanceof Op.SharedCoro c) {
            return new Op.SharedCoro(c.id(), body);
        } else if (op instanceof Op.Pipe p) {
            return new Op.Pipe(p.id(), body, p.take());
        } else if (op instanceof Op.Fork f) {
            return new Op.Fork(f.id(), body);
        } else if (op instanceof Op.WithTimeout w) {
            return new Op.WithTimeout(w.millis(), body);
        }
        throw new IllegalArgumentException(op + " has no block");
    }
}
