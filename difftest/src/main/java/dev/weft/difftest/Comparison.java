package dev.weft.difftest;

import java.util.List;

/**
 * The events of one program on two backends, and how they differ.
 *
 * @param program the program that ran
 * @param left    the events on the first backend ({@code leftName})
 * @param right   the events on the second backend ({@code rightName})
 */
public record Comparison(Program program, String leftName, List<String> left, String rightName, List<String> right) {

    public Comparison {
        left = List.copyOf(left);
        right = List.copyOf(right);
    }

    /** Whether both backends logged exactly the same events. */
    public boolean same() {
        return left.equals(right);
    }

    /** The index of the first event that differs (or that one side lacks), or -1 if none does. */
    public int firstDifference() {
        int n = Math.min(left.size(), right.size());
        for (int i = 0; i < n; i++) {
            if (!left.get(i).equals(right.get(i))) {
                return i;
            }
        }
        return left.size() == right.size() ? -1 : n;
    }

    /**
     * What a person needs to act on a difference: the seed, how to replay it, the first differing
     * event, the program and both event sequences side by side with the difference marked.
     */
    public String report() {
        int d = firstDifference();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append("seed ").append(program.seed()).append(": ").append(leftName).append(" and ").append(rightName)
                    .append(" logged the same ").append(left.size()).append(" events\n");
        } else {
            sb.append("seed ").append(program.seed()).append(": ").append(leftName).append(" and ").append(rightName)
                    .append(" differ at event ").append(d).append(":\n")
                    .append("  ").append(leftName).append(": ").append(d < left.size() ? left.get(d) : "(no more events)")
                    .append('\n')
                    .append("  ").append(rightName).append(": ").append(d < right.size() ? right.get(d) : "(no more events)")
                    .append('\n');
        }
        sb.append("Replay it with: mvn -B -ntp verify -pl difftest -am -Dweft.difftest.seed=").append(program.seed())
                .append("\n\n").append(program).append('\n');
        appendEvents(sb, leftName, left, d);
        appendEvents(sb, rightName, right, d);
        return sb.toString();
    }

    private static void appendEvents(StringBuilder sb, String name, List<String> events, int marked) {
        sb.append("events on ").append(name).append(" (").append(events.size()).append("):\n");
        for (int i = 0; i < events.size(); i++) {
            sb.append(i == marked ? "=> " : "   ").append(String.format("%3d ", i)).append(events.get(i)).append('\n');
        }
    }
}
