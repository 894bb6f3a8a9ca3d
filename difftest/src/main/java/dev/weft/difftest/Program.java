package dev.weft.difftest;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A generated program: its channels, its locks and the body of its main microthread (which
 * spawns the others). Immutable; {@link #toString()} is the pretty-printed program.
 *
 * @param seed      the seed it was generated from ({@link ProgramGenerator#generate(long)})
 * @param channels  one entry per channel {@code c0, c1, ...}: {@link #RENDEZVOUS}, {@link #UNBOUNDED}
 *                  or a buffer capacity (at least 1)
 * @param locks     how many locks {@code l0, l1, ...} (each with one condition)
 * @param main      what the main microthread runs
 */
public record Program(long seed, List<Integer> channels, int locks, List<Op> main) {
    /** Channel capacity meaning {@code Channel.rendezvous()}. */
    public static final int RENDEZVOUS = 0;
    /** Channel capacity meaning {@code Channel.unbounded()}. */
    public static final int UNBOUNDED = -1;

    public Program {
        channels = List.copyOf(channels);
        main = List.copyOf(main);
    }

    /** How many operations of each kind the program contains, nested ones included. */
    public Map<OpKind, Integer> kindCounts() {
        Map<OpKind, Integer> counts = new EnumMap<>(OpKind.class);
        count(main, counts);
        return counts;
    }

    private static void count(List<Op> ops, Map<OpKind, Integer> counts) {
        for (Op op : ops) {
            counts.merge(op.kind(), 1, Integer::sum);
            List<Op> body = Printer.body(op);
            if (body != null) {
                count(body, counts);
            }
        }
    }

    /** The program, one operation per line, blocks indented. */
    @Override
    public String toString() {
        return Printer.print(this);
    }
}
