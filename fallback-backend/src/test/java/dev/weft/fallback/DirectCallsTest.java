package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.Driver;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: inside a continuation a woven call to a method of the same class goes to its
 * direct twin, which gets the frame stack as an argument (the weaver's DirectCalls pass); a frame
 * captured there resumes in the woven method; a receiver of another class gets the call as
 * written. The samples report, at the bottom of their recursion, which method each frame runs
 * (from the frames' descriptors): "I" the woven method, "FrameStack" its direct twin, "Twin" its
 * plain twin.
 */
class DirectCallsTest {
    private static final String P = "dev.weft.fallback.samples.direct.";
    private final WeavingLoader loader = new WeavingLoader(P);

    @BeforeEach
    void clearEvents() {
        Events.take();
    }

    private Object via(Object... args) throws ReflectiveOperationException {
        return construct("Via", args);
    }

    private Object construct(String simpleName, Object... args) throws ReflectiveOperationException {
        return loader.construct(P + simpleName, args);
    }

    /** Runs {@code body} in a continuation to its end; the events it recorded, "~" for each suspension. */
    private static List<String> runToEnd(Object body) {
        return Driver.runToEnd((Runnable) body);
    }

    @Test
    void aMethodCalledWithinItsClassHasAPrivateSyntheticDirectTwinTakingTheFrameStack() throws Exception {
        Class<?> via = loader.loadClass(P + "Via");
        assertTrue(loader.woven().contains(P + "Via"));
        Method twin = via.getDeclaredMethod("depth", int.class, FrameStack.class);
        assertTrue(twin.isSynthetic() && Modifier.isPrivate(twin.getModifiers()));
        assertEquals(0, twin.getAnnotations().length);
        Method staticTwin = via.getDeclaredMethod("twice", via, int.class, FrameStack.class);
        assertTrue(staticTwin.isSynthetic() && Modifier.isStatic(staticTwin.getModifiers()));
        via.getDeclaredMethod("once", int.class, FrameStack.class);
        // viaHelpers is called only from other classes: small and not private, it has a direct
        // twin for their calls, which Linkage links at run time. Bigger ones have none.
        via.getDeclaredMethod("viaHelpers", int.class, FrameStack.class);
        via.getDeclaredMethod("big", int.class, Twin.class); // woven: it has a plain twin
        assertThrows(NoSuchMethodException.class, () -> via.getDeclaredMethod("big", int.class, FrameStack.class));
    }

    @Test
    void inAContinuationCallsWithinTheClassGoToDirectTwins() throws Exception {
        // The body enters depth(3) from another class (the woven method, with a token); the
        // recursion through the field goes to the direct twin.
        assertEquals(asList("FrameStack,FrameStack,FrameStack,I"), runToEnd(construct("ViaBody", via(), 3, false)));
        // Static and private helpers (exact calls) call direct twins too.
        assertEquals(asList("FrameStack,FrameStack|FrameStack,FrameStack"),
                runToEnd(construct("ViaBody", via(), 1, true)));
    }

    @Test
    void aFrameCapturedInADirectTwinResumesInItsWovenMethod() throws Exception {
        assertEquals(asList("suspend", "~", "FrameStack,FrameStack,FrameStack,I then I,I,I,I"),
                runToEnd(construct("ViaBody", via(true), 3, false)));
    }

    @Test
    void onAPlainThreadTheSameCallsGoToPlainTwins() throws Exception {
        Object via = via();
        assertEquals("Twin,Twin,Twin,I", via.getClass().getMethod("depth", int.class).invoke(via, 3));
    }

    @Test
    void aReceiverOfASubclassGetsTheCallAsWrittenAndItsOverrideSuspends() throws Exception {
        // a.depth(2) -> LoudVia.depth(1) (an override: the call as written), which suspends, then
        // super.depth(1) -> Via.depth(0) on a receiver of exactly Via: the direct twin again.
        Object loud = construct("LoudVia", via(true));
        Object a = via(loud, false);
        assertEquals(asList("loud 1", "~", "suspend", "~", "LFrameStack,I,I then I,I,I"),
                runToEnd(construct("ViaBody", a, 2, false)));
    }

    @Test
    void anExceptionAfterAResumeReachesTheHandlerAroundTheDirectCall() throws Exception {
        assertEquals(asList("~", "caught after resume"), runToEnd(construct("ThrowsVia")));
    }

    @Test
    void aNullReceiverFailsAsWrittenNotInTheReceiverCheck() throws Exception {
        Object nullVia = construct("NullVia");
        NullPointerException inContinuation = assertThrows(NullPointerException.class,
                () -> new Continuation((Runnable) nullVia).run());
        InvocationTargetException onThread = assertThrows(InvocationTargetException.class,
                () -> nullVia.getClass().getMethod("depth", int.class).invoke(nullVia, 2));
        String expected = "Cannot invoke \"" + P + "NullVia.depth(int)\"";
        for (Throwable npe : asList(inContinuation, onThread.getCause())) {
            assertTrue(npe instanceof NullPointerException, String.valueOf(npe));
            assertTrue(npe.getMessage().startsWith(expected), npe.getMessage());
        }
        assertFalse(inContinuation.getMessage().contains("getClass"));
    }
}
