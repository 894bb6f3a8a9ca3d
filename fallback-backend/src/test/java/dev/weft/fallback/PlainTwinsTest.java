package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * End to end: a woven method entered where no continuation runs runs its twin (the weaver's
 * PlainTwins pass), whose calls within the class go to each other's twins, reaching every
 * override a virtual call would; inside a continuation the same methods capture and resume.
 * The samples report the frame stack's barrier at their bottom: the woven path entered from the
 * test's unwoven frame sets it, a twin never does.
 */
class PlainTwinsTest {
    private static final String P = "dev.weft.fallback.samples.twins.";
    private final WeavingLoader loader = new WeavingLoader(P, name -> !name.endsWith("Unwoven"));

    private Object instance(String simpleName) throws ReflectiveOperationException {
        return loader.loadClass(P + simpleName).getDeclaredConstructor().newInstance();
    }

    /** Runs a continuation over a new {@code body} (a sample's simple name) to its end; how many times it suspended. */
    private int suspensionsToTheEnd(String body) throws ReflectiveOperationException {
        Continuation c = new Continuation((Runnable) instance(body));
        int suspensions = 0;
        while (c.run()) {
            suspensions++;
        }
        assertTrue(c.isDone());
        return suspensions;
    }

    private static Object call(Object target, String method, Object... args) throws ReflectiveOperationException {
        Class<?> c = target instanceof Class ? (Class<?>) target : target.getClass();
        for (Method m : c.getMethods()) {
            if (m.getName().equals(method) && !m.isSynthetic()) {
                return m.invoke(target instanceof Class ? null : target, args);
            }
        }
        throw new AssertionError("no public method " + method + " in " + c);
    }

    @Test
    void aWovenMethodHasAPrivateSyntheticTwinWithTheSameNameAndOneMoreParameter() throws Exception {
        Class<?> walk = loader.loadClass(P + "Walk");
        assertTrue(loader.woven().contains(P + "Walk"));
        Method twin = walk.getDeclaredMethod("down", int.class, boolean.class, Twin.class);
        assertTrue(twin.isSynthetic());
        assertTrue(Modifier.isPrivate(twin.getModifiers()));
        assertEquals(0, twin.getAnnotations().length);
        Method staticTwin = walk.getDeclaredMethod("sum", int.class, boolean.class, Twin.class);
        assertTrue(Modifier.isStatic(staticTwin.getModifiers()) && Modifier.isPrivate(staticTwin.getModifiers()));
    }

    @Test
    void onAPlainThreadEveryKindOfRecursionRunsInTwinsAndSetsNoBarrier() throws Exception {
        Object walk = instance("Walk");
        assertEquals("www| barrier=null", call(walk, "down", 3, false));
        assertEquals("6 barrier=null", call(walk.getClass(), "sum", 3, false));
        assertEquals("c barrier=null12", call(walk, "countFrom", 2, false));
        assertEquals("h barrier=null/2/4/8", call(walk, "halve", 8, false));
    }

    @Test
    void aWovenMethodWithoutAPlainCopySetsNoBarrierOnAPlainThreadEither() throws Exception {
        Object greeter = instance("Greeter");
        assertTrue(loader.woven().contains(P + "Greets"));
        assertEquals("hi barrier=null", greeter.getClass().getMethod("greet", boolean.class).invoke(greeter, false));
    }

    @Test
    void aTwinCalledVirtuallyReachesEveryOverrideWovenOrNot() throws Exception {
        assertEquals("LLL| barrier=null", call(instance("Loud"), "down", 3, false), "an overridden helper");
        assertEquals("DwDwD| barrier=null", call(instance("Deep"), "down", 2, false), "a woven override");
        assertFalse(loader.woven().contains(P + "DeepUnwoven"));
        assertEquals("UwUwU| barrier=null", call(instance("DeepUnwoven"), "down", 2, false), "an unwoven override");
        assertEquals("www| barrier=null", call(instance("Same"), "down", 3, false), "a subclass overriding nothing");
        assertEquals("h barrier=null/2/4/8", call(instance("Loud"), "halve", 8, false), "a final method, subclass receiver");
    }

    @Test
    void onAPlainThreadAStackTraceIsTheUnwovenOneFrameForFrame() throws Exception {
        for (String receiver : asList("Walk", "Deep")) {
            Object unwoven = Class.forName(P + receiver).getDeclaredConstructor().newInstance();
            Object woven = instance(receiver);
            assertFalse(woven.getClass() == unwoven.getClass());
            String expected = (String) call(unwoven, "frames", 2);
            assertEquals(receiver.equals("Walk") ? 4 : 7, expected.split(" ").length, expected);
            assertEquals(expected, call(woven, "frames", 2), receiver);
        }
    }

    @Test
    void inAContinuationTheSameMethodsCaptureAndResume() throws Exception {
        Events.take();
        assertEquals(4, suspensionsToTheEnd("Walker"));
        assertEquals(asList("DwDwD| barrier=null", "6 barrier=null", "c barrier=null12", "h barrier=null/2/4/8"),
                Events.take());
    }

    @Test
    void aRecursionPureForExactReceiversRunsPlainInAContinuationAndAnOverrideThatSuspendsStillSuspends()
            throws Exception {
        Events.take();
        // fib(5) reaches fib(1) five times, each time on a SuspendingFibs receiver.
        assertEquals(5, suspensionsToTheEnd("FibsBody"));
        assertEquals(asList("fib(15) = 610", "suspend", "suspend", "suspend", "suspend", "suspend",
                "suspending fib(5) = 5", "fib(10) = 55"), Events.take());
    }

    @Test
    void outsideAnyContinuationTheTwinsSuspensionStillFailsClearly() throws Exception {
        Object walk = instance("Walk");
        java.lang.reflect.InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.lang.reflect.InvocationTargetException.class, () -> call(walk, "down", 2, true));
        assertEquals(IllegalStateException.class, e.getCause().getClass());
        assertTrue(e.getCause().getMessage().contains("outside any continuation"), e.getCause().getMessage());
    }
}
