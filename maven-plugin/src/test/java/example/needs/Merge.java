package example.needs;

import example.missing.Base;
import example.missing.Left;
import example.missing.Right;

/**
 * Fixture: a local that is a {@code Left} on one path and a {@code Right} on the other is live
 * across a suspendable call, so weaving must merge the two types, which needs their class files.
 */
public class Merge {
    public static Object pick(boolean left, Runnable step) {
        Base b;
        if (left) {
            b = new Left();
        } else {
            b = new Right();
        }
        step.run();
        return b;
    }
}
