package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.fallback.testing.Driver;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a woven call to another class, through an interface, a virtual or a static call,
 * is linked at run time ({@link Linkage}) to the selected method's direct twin inside a
 * continuation and to its plain twin on a plain thread; a frame captured in such a twin resumes
 * in its woven method; calls the linker does not shortcut (a default method, a package-private
 * method, a site that has met more than {@value Linkage#CLASSES_PER_SITE} classes) take the call
 * as written, with its token, and still suspend. The samples report, innermost first, what each
 * of their frames runs: "W" a woven method, "D" a direct twin, "P" a plain twin.
 */
class LinkageTest {
    private static final String P = "dev.weft.fallback.samples.linked.";
    private final WeavingLoader loader = new WeavingLoader(P);

    @BeforeEach
    void clearEvents() {
        Events.take();
    }

    private Object construct(String simpleName, Object... args) throws ReflectiveOperationException {
        return loader.construct(P + simpleName, args);
    }

    /** hopA -> hopB -> hopA -> ...; the last one called suspends if {@code lastSuspends} ({@code n} calls after the first). */
    private Object ring(int n, boolean lastSuspends) throws ReflectiveOperationException {
        boolean aLast = n % 2 == 0;
        Object a = construct("HopA", aLast && lastSuspends);
        Object b = construct("HopB", !aLast && lastSuspends);
        a.getClass().getField("next").set(a, b);
        b.getClass().getField("next").set(b, a);
        return a;
    }

    private Object body(Object hop, int n, String how) throws ReflectiveOperationException {
        return construct("Body", hop, n, how);
    }

    /** Runs {@code body} in a continuation to its end; the events it recorded, "~" for each suspension. */
    private static List<String> runToEnd(Object body) {
        return Driver.runToEnd((Runnable) body);
    }

    @Test
    void inAContinuationCallsThroughAnInterfaceToOtherClassesGoToDirectTwins() throws Exception {
        assertEquals(asList("hop:D,hop:D,hop:D,hop:D,run:W"), runToEnd(body(ring(3, false), 3, "hop")));
    }

    @Test
    void aFrameCapturedInALinkedDirectTwinResumesInItsWovenMethod() throws Exception {
        // The first call at each site links it (Linkage.relink is on the stack): the capture
        // unwinds through it.
        assertEquals(asList("suspend", "~", "hop:D,hop:D,hop:D,hop:D,run:W then hop:W,hop:W,hop:W,hop:W,run:W"),
                runToEnd(body(ring(3, true), 3, "hop")));
    }

    @Test
    void theFullFrameCheckTakesTheLinkerForAForwardingFrame() throws Exception {
        Continuation.verifyFrames(true);
        try {
            assertEquals(asList("suspend", "~", "hop:D,hop:D,run:W then hop:W,hop:W,run:W"),
                    runToEnd(body(ring(1, true), 1, "hop")));
        } finally {
            Continuation.verifyFrames(Boolean.getBoolean("weft.fallback.verifyFrames"));
        }
    }

    @Test
    void onAPlainThreadTheSameCallsGoToPlainTwins() throws Exception {
        Object a = ring(3, false);
        assertEquals("hop:P,hop:P,hop:P,hop:W", a.getClass().getMethod("hop", int.class).invoke(a, 3));
    }

    @Test
    void aStaticCallToAnotherClassGoesToItsDirectTwin() throws Exception {
        assertEquals(asList("hop:D,hop:D,hop:D,relay:D,run:W"), runToEnd(body(ring(2, false), 2, "relay")));
    }

    @Test
    void aPackagePrivateMethodGetsTheCallAsWrittenAndSuspends() throws Exception {
        assertEquals(asList("suspend", "~", "hop:D,hop:D,quiet:W,run:W then hop:W,hop:W,quiet:W,run:W"),
                runToEnd(body(ring(1, true), 1, "quiet")));
    }

    @Test
    void aDefaultMethodGetsTheCallAsWrittenAndSuspends() throws Exception {
        // viaDefault is Hop's; its call of hop, in an interface, is made with a token.
        assertEquals(asList("suspend", "~", "hop:D,hop:W,viaDefault:W,run:W then hop:W,hop:W,viaDefault:W,run:W"),
                runToEnd(body(ring(1, true), 1, "default")));
    }

    @Test
    void aSiteLinksThreeClassesThenMakesTheCallAsWrittenForEveryClass() throws Exception {
        assertEquals(3, Linkage.CLASSES_PER_SITE);
        assertEquals(asList("D,D,D,W,W", "W,W,W,W,W"), runToEnd(body(null, 0, "leaves")));
    }

    @Test
    void aNullReceiverFailsAsWrittenNamingTheMethodNotTheLinker() throws Exception {
        // At a site's first call (Linkage.relink), and at a site that has met more classes than it
        // links (the call as written, for every class).
        for (String how : asList("hop", "leavesThenNull")) {
            Object body = body(null, 1, how);
            NullPointerException npe = assertThrows(NullPointerException.class,
                    () -> new Continuation((Runnable) body).run());
            assertEquals("Cannot invoke \"" + P + "Hop.hop(int)\" because its receiver is null", npe.getMessage());
        }
    }
}
