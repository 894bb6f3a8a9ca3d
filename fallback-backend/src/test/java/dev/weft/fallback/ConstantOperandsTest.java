package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import org.junit.jupiter.api.Test;

/** End to end: constant operands of a suspended call are pushed again on resume, not saved. */
class ConstantOperandsTest {
    @Test
    void constantArgumentsArePushedAgainOnResumeNotSaved() {
        WeavingLoader loader = new WeavingLoader("dev.weft.fallback.samples.");
        Events.take();
        Continuation c = new Continuation(loader.runnable("dev.weft.fallback.samples.constants.ConstantOperands"));
        assertTrue(loader.woven().contains("dev.weft.fallback.samples.constants.ConstantOperands"));
        assertTrue(c.run());
        assertEquals(asList(), Events.take(), "nothing logged before the suspension");
        // run() has one point (await) and await() two (suspend, log); await() never writes its
        // parameters. Saved: run()'s spilled StringBuilder and await()'s resume index. The twelve
        // constant arguments would be 15 more values (ints, longs and doubles as two, the string
        // and the class one each, null none), as they were when constants were spilled.
        assertEquals(2, c.savedValues());
        assertFalse(c.run());
        assertEquals(asList("built -1 100 1000 100000 -9223372036854775808 1 0.1 0.0 2.5 name java.lang.String null"),
                Events.take());
        assertTrue(c.isDone());
    }

    @Test
    void computedWideArgumentsBesideConstantsAreSavedAndComeBackInOrder() {
        WeavingLoader loader = new WeavingLoader("dev.weft.fallback.samples.");
        Events.take();
        Continuation c = new Continuation(loader.runnable("dev.weft.fallback.samples.constants.ConstantOperands$Mixed"));
        assertTrue(c.run());
        // run() saves its two spilled results, a long and a double (two ints each); record()
        // its resume index (points: suspend, Events.add). NO_DEADLINE and 3 are not saved.
        assertEquals(5, c.savedValues());
        assertFalse(c.run());
        assertEquals(asList("5 -9223372036854775808 0.5 3"), Events.take());
    }
}
