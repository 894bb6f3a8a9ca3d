package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.Driver;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: sample bodies woven at test time run as continuations; each test states the exact
 * events, "~" marking a suspension (the driver resumes at once).
 */
class WovenBodiesTest {
    private static final String S = "dev.weft.fallback.samples.Samples$";
    private WeavingLoader loader;

    @BeforeEach
    void freshLoader() {
        loader = new WeavingLoader("dev.weft.fallback.samples.");
        Events.take();
    }

    private List<String> run(String sample) {
        return Driver.runToEnd(loader.runnable(S + sample));
    }

    @Test
    void localsOfEveryKindSurviveASuspension() {
        assertEquals(asList("before", "~", "1 1099511627776 1.5 2.25 true x 7 -8 s 9 null"), run("AllLocalKinds"));
    }

    @Test
    void loopCounterSurvivesEachTurn() {
        assertEquals(asList("turn 0", "~", "turn 1", "~", "turn 2", "~", "end"), run("Loop"));
    }

    @Test
    void nestedStaticCallsKeepParametersAndResultsOfEveryWidth() {
        assertEquals(asList("middle 10", "inner 0.5", "~", "inner resumed 0.5", "result 120"), run("NestedStatic"));
    }

    @Test
    void recursiveFramesResumeInnermostFirst() {
        assertEquals(asList("down 3", "down 2", "down 1", "~", "~", "up 1", "~", "up 2", "~", "up 3", "sum 6"),
                run("Recursion"));
    }

    @Test
    void valuesBelowTheCallOnTheOperandStackSurvive() {
        assertEquals(asList("~", "add3 123", "~", "long 8589934597", "~", "double 15.0", "~", "builder a7c",
                "~", "concat a7c88589934597", "~", "mix 34359738368/0.25/3", "~", "wide below 17179869195", "~", "null&4"),
                run("OperandStack"));
    }

    @Test
    void instanceMethodsResumeOnTheirReceiverWithVirtualDispatch() {
        assertEquals(asList("dog thinks", "~", "~", "dog says woof", "cat thinks", "~", "cat says meow"),
                run("Dispatch"));
    }

    @Test
    void newWithSuspendingArgumentsConstructsOnceAfterTheArguments() {
        assertEquals(asList("value 1", "~", "value 2", "~", "Point(1,2)", "p (1,2)",
                "value 3", "~", "Point(3,4)", "value 6", "~", "Point(5,6)", "Pair", "q <(3,4) (5,6)>",
                "value 7", "~", "Point(7,8)", "inline 7"), run("NewWithSuspendingArguments"));
    }

    @Test
    void tryCatchFinallyAcrossSuspensionsRunEachBlockOnce() {
        assertEquals(asList("try", "~", "try resumed", "~", "catch boom 1", "~", "catch resumed",
                "finally", "~", "finally resumed", "~", "second try 0", "second finally"), run("TryCatchFinally"));
    }

    @Test
    void lambdasAndMethodReferencesSuspendThroughTheirProxies() {
        assertEquals(asList("in lambda 42", "~", "lambda 42T", "~", "Tx", "~", "twice 42", "runnable lambda", "~",
                "end"), run("Lambdas"));
    }

    @Test
    void methodReferencesToOtherClassesSuspendThroughAForwarder() {
        assertEquals(asList("~", "value 5", "cat thinks", "~", "cat says meow", "dog thinks", "~", "~",
                "dog says woof", "made cat"), run("ForeignReferences"));
    }

    @Test
    void aLambdaCanBeTheContinuationsBody() throws Exception {
        @SuppressWarnings("unchecked")
        Supplier<Runnable> factory = (Supplier<Runnable>) loader.loadClass(S + "LambdaBodyFactory")
                .getDeclaredConstructor().newInstance();
        assertEquals(asList("body starts", "~", "body ends"), Driver.runToEnd(factory.get()));
    }

    @Test
    void bridgeAndDefaultAndStaticInterfaceMethodsSuspend() {
        assertEquals(asList("~", "step 2", "~", "G greets you", "~", "~", "~", "G greets a, G greets b"),
                run("BridgesAndDefaults"));
    }

    @Test
    void valuesWhoseTypesWereMergedAreRestoredAsTheirCommonType() {
        assertEquals(asList("~", "A runs", "str 3", "~", "A runs",
                "~", "~", "B runs", "sb 2", "~", "~", "B runs"), run("MergedTypes"));
    }

    @Test
    void deepRecursionSavesAndRestoresEveryFrame() {
        List<String> events = run("DeepRecursion");
        assertEquals(502, events.size());
        assertEquals("depth " + (500 * 501 / 2 + 500), events.get(501));
    }

    @Test
    void helpersLeftUnwovenByTheIntraClassNarrowingRunAndTheWovenOnesSuspend() throws Exception {
        // fib, digits, isEven/isOdd, square and Overridable.viaFinal are not woven; the private
        // helpers that reach suspend() through exact calls (twiceAfterPause, ping/pong) are, and
        // so are the calls through an overridable method and an inherited static one.
        assertEquals(asList("fib 610", "digits 4", "even true true", "square 81", "~", "twice 42", "~", "ping 64",
                "plain 4 4", "~", "overridden 202 4", "~", "inherited 4"), run("IntraClass"));
        Woven mark = loader.loadClass(S + "IntraClass").getAnnotation(Woven.class);
        assertEquals(asList("callsNative", "pause", "ping", "pong", "run", "twiceAfterPause"), asList(mark.methods()));
    }

    @Test
    void switchesAndTryWithResourcesAroundSuspensions() {
        assertEquals(asList("~", "case 0 1", "case 1 2", "~", "default ?", "open r1", "open r2", "~", "using r1r2",
                "~", "close r2", "~", "close r1"), run("SwitchesAndResources"));
    }

    @Test
    void aContinuationInsideAnotherSuspendsOnlyItself() {
        assertEquals(asList("inner 1", "outer runs inner: true", "~", "inner 2", "outer resumes inner: false",
                "inner done true"), run("NestedContinuations"));
    }

    @Test
    void anExceptionThrownIntoASuspendedBodyRunsItsHandlersAndFinallyBlocks() throws Exception {
        Continuation c = new Continuation(loader.runnable(S + "ThrownInto"));
        assertTrue(c.run());
        assertEquals(asList("inner waits"), Events.take());
        assertTrue(c.resumeThrowing(new IllegalStateException("one")));
        assertEquals(asList("inner finally", "caught one", "waits again"), Events.take());
        // A checked exception, as a coroutine's close() might use for its exit signal.
        Exception exit = new java.io.IOException("exit");
        Exception thrown = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> c.resumeThrowing(exit));
        assertTrue(thrown == exit);
        assertEquals(asList("outer finally"), Events.take());
        assertTrue(c.isDone());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> c.resumeThrowing(new RuntimeException()));
        assertEquals("weft: Continuation.resumeThrowing() needs a suspended continuation; this one has ended",
                e.getMessage());
    }

    @Test
    void aDiscardedContinuationDropsItsFramesAndCannotRun() {
        Continuation c = new Continuation(loader.runnable(S + "Recursion"));
        assertTrue(c.run());
        assertTrue(c.savedValues() > 0);
        c.discard();
        assertTrue(c.isDone());
        assertEquals(0, c.savedValues());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, c::run);
    }

    @Test
    void operandsFromFinalFieldsAreReadAgainNotSaved() {
        Continuation c = new Continuation(loader.runnable(S + "FinalFieldOperands"));
        assertTrue(c.run());
        // run() passes this.out, this.name and SUFFIX: read again from the fields on resume;
        // append() never writes its parameters: they come back with the re-issued call. What is
        // left is run()'s resume index (it has two points: append and log); spilled, the three
        // operands would be three more.
        assertEquals(1, c.savedValues());
        assertFalse(c.run());
        assertEquals(asList("field!"), Events.take());
    }

    @Test
    void callsThatDoNotSuspendSaveNothing() {
        Continuation c = new Continuation(loader.runnable(S + "Lazy"));
        assertTrue(c.run());
        // Only run()'s frame is saved, though busy() and helper() ran 100 and 200 times; and of
        // it only what the rest of run() reads: sum, plus the resume index. Not k (dead after
        // the loop), not the slot that spilled busy's argument, not "this".
        assertEquals(2, c.savedValues());
        assertFalse(c.run());
        assertEquals(0, c.savedValues());
        assertEquals(1, Events.take().size());
    }

    @Test
    void lineNumbersAreTheSameBeforeAndAfterAResume() {
        List<String> events = run("Lines");
        assertEquals(3, events.size());
        String[] before = events.get(0).split(" ");
        String[] after = events.get(2).split(" ");
        assertEquals(4, before.length, events.get(0));
        assertEquals(asList("where", "b", "a", "run"), asList(names(before)));
        assertEquals(asList(names(before)), asList(names(after)));
        assertEquals(line(before[1]) + 2, line(after[1]), "b() resumes two lines below its first where()");
        assertEquals(before[2], after[2]);
        assertEquals(before[3], after[3]);
        for (String f : before) {
            assertTrue(line(f) > 0, f);
        }
    }

    private static String[] names(String[] frames) {
        String[] n = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            n[i] = frames[i].substring(0, frames[i].indexOf(':'));
        }
        return n;
    }

    private static int line(String frame) {
        return Integer.parseInt(frame.substring(frame.indexOf(':') + 1));
    }

    @Test
    void aFrameSuspendedInsideSynchronizedGivesTheJvmMonitorBackUntilItIsResumed() throws Exception {
        Runnable body = loader.runnable(S + "SuspendsInsideSynchronized");
        Object lock = body.getClass().getField("LOCK").get(null);
        Events.take();
        Continuation c = new Continuation(body);
        int suspensions = 0;
        while (c.run()) {
            suspensions++;
            // the carrier (this thread) holds no monitor of the suspended body
            assertFalse(Thread.holdsLock(lock), "LOCK held while suspended");
            assertFalse(Thread.holdsLock(body), "the body's monitor held while suspended");
            assertFalse(Thread.holdsLock(body.getClass()), "the class's monitor held while suspended");
        }
        assertEquals(5, suspensions);
        assertEquals(asList("in true", "back true", "nested true true", "method true true", "after method false",
                "out false", "caught thrown true false", "static true"), Events.take());
    }

    @Test
    void aSerializableLambdaStillDeserializesOnceWovenAndSuspends() throws Exception {
        Class<?> c = loader.loadClass(S + "SerializableLambda");
        assertTrue(loader.woven().contains(c.getName()), "the sample must be woven");
        Runnable lambda = (Runnable) c.getMethod("make", String.class).invoke(null, "copy");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(lambda);
        }
        Runnable back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws java.io.IOException,
                    ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }
        }) {
            back = (Runnable) in.readObject();
        }
        assertTrue(back != lambda);
        assertEquals(asList("copy before", "~", "copy after"), Driver.runToEnd(back));
    }
}
