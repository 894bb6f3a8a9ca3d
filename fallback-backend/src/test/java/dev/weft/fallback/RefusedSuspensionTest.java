package dev.weft.fallback;

import static java.util.Arrays.asList;
import static java.util.Collections.singletonList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.Driver;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A suspension that cannot be made fails at once, naming the frame in the way, and unwinds nothing. */
class RefusedSuspensionTest {
    private static final String R = "dev.weft.fallback.samples.Refused$";
    private WeavingLoader loader;

    @BeforeEach
    void freshLoader() {
        loader = new WeavingLoader("dev.weft.fallback.samples.");
        Events.take();
    }

    private UnwovenFrameException refused(String sample) {
        Continuation c = new Continuation(loader.runnable(R + sample));
        UnwovenFrameException e = assertThrows(UnwovenFrameException.class, c::run);
        assertTrue(c.isDone());
        return e;
    }

    @Test
    void suspendingInsideAnUnwovenCallbackNamesTheLibraryFrame() {
        UnwovenFrameException e = refused("InsideForEach");
        assertEquals("forEach", e.frame().getMethodName());
        assertTrue(e.getMessage().contains("not woven (java.util.Arrays$ArrayList)"), e.getMessage());
        assertTrue(e.getMessage().contains("use a plain loop"), e.getMessage());
        assertEquals(singletonList("x1"), Events.take());
    }

    @Test
    void theOffendingFrameIsFoundPastAProperRecursion() {
        UnwovenFrameException e = refused("RecursesUnderForEach");
        assertEquals("forEach", e.frame().getMethodName());
    }

    @Test
    void aRefusedSuspensionUnwindsNothingAndTheBodyGoesOn() {
        assertEquals(asList("refused at forEach", "~", "resumed after refusal"),
                Driver.runToEnd(loader.runnable(R + "RecoversFromRefusal")));
    }

    @Test
    void suspendingUnderAConstructorNamesTheConstructor() {
        UnwovenFrameException e = refused("SuspendsUnderConstructor");
        assertEquals("<init>", e.frame().getMethodName());
        assertEquals(R + "Constructs", e.frame().getClassName());
        assertTrue(e.getMessage().contains("is a constructor"), e.getMessage());
        assertEquals(singletonList("constructing"), Events.take());
    }

    @Test
    void suspendingDirectlyInAConstructorNamesTheConstructor() {
        UnwovenFrameException e = refused("SuspendsInConstructor");
        assertEquals("<init>", e.frame().getMethodName());
        assertEquals(R + "ConstructsDirectly", e.frame().getClassName());
    }

    @Test
    void suspendingInAStaticInitializerNamesTheInitializer() {
        Continuation c = new Continuation(loader.runnable(R + "SuspendsInStaticInitializer"));
        ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class, c::run);
        UnwovenFrameException cause = (UnwovenFrameException) e.getCause();
        assertEquals("<clinit>", cause.frame().getMethodName());
        assertEquals(R + "Initializes", cause.frame().getClassName());
        assertTrue(cause.getMessage().contains("static initializer"), cause.getMessage());
    }

    @Test
    void aCaughtExceptionLeavesNoStaleTokenBehind() {
        UnwovenFrameException e = refused("StaleTokenAfterException");
        assertEquals("<init>", e.frame().getMethodName());
        assertEquals(R + "CallsUFromConstructor", e.frame().getClassName());
    }

    @Test
    void theFullCheckRefusesAnUnwovenDecoratorWithTheSameSignature() {
        Continuation.verifyFrames(true);
        try {
            UnwovenFrameException e = refused("DecoratedBySameName");
            assertEquals("java.util.function.Function", e.frame().getClassName());
            assertTrue(e.frame().getMethodName().startsWith("lambda$andThen"), e.frame().toString());
            assertTrue(e.getMessage().contains("not woven"), e.getMessage());
        } finally {
            Continuation.verifyFrames(false);
        }
    }

    @Test
    void suspendOutsideAnyContinuationIsAnIllegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Continuation::suspend);
        assertEquals("weft: Continuation.suspend() called outside any continuation", e.getMessage());
    }

    @Test
    void runAfterTheEndIsAnIllegalState() {
        Continuation c = new Continuation(() -> { });
        assertFalse(c.run());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::run);
        assertEquals("weft: Continuation.run() called after the body ended", e.getMessage());
    }
}
