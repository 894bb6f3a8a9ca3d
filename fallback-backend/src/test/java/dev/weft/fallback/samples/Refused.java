package dev.weft.fallback.samples;

import static dev.weft.fallback.Continuation.suspend;

import dev.weft.fallback.UnwovenFrameException;
import dev.weft.fallback.testing.Events;
import java.util.Arrays;

/** Bodies that try to suspend where it is impossible; each must fail loudly, naming the frame. */
public final class Refused {
    private Refused() {
    }

    static void log(Object o) {
        Events.add(String.valueOf(o));
    }

    /** Suspending inside a callback of unwoven library code (List.forEach). */
    public static final class InsideForEach implements Runnable {
        @Override
        public void run() {
            Arrays.asList(1, 2).forEach(x -> {
                log("x" + x);
                suspend();
                log("not reached");
            });
        }
    }

    /** The body catches the refusal and goes on: nothing was unwound. */
    public static final class RecoversFromRefusal implements Runnable {
        @Override
        public void run() {
            try {
                Arrays.asList(1).forEach(x -> suspend());
            } catch (UnwovenFrameException e) {
                log("refused at " + e.frame().getMethodName());
            }
            suspend();
            log("resumed after refusal");
        }
    }

    public static final class Constructs {
        Constructs() {
            log("constructing");
            helper();
        }

        void helper() {
            suspend();
        }
    }

    /** A woven method called from a constructor suspends. */
    public static final class SuspendsUnderConstructor implements Runnable {
        @Override
        public void run() {
            new Constructs();
        }
    }

    public static final class ConstructsDirectly {
        ConstructsDirectly() {
            suspend();
        }
    }

    /** A constructor calls suspend() itself. */
    public static final class SuspendsInConstructor implements Runnable {
        @Override
        public void run() {
            new ConstructsDirectly();
        }
    }

    public static final class Initializes {
        static final int VALUE = compute();

        static int compute() {
            suspend();
            return 1;
        }
    }

    /** A static initializer reaches a suspension. */
    public static final class SuspendsInStaticInitializer implements Runnable {
        @Override
        public void run() {
            log("value " + Initializes.VALUE);
        }
    }

    public static final class SameNameAsUnwoven {
        static void u() {
            suspend();
        }
    }

    public static final class CallsUFromConstructor {
        CallsUFromConstructor() {
            SameNameAsUnwoven.u();
        }
    }

    /**
     * A call to unwoven code throws and is caught; then a constructor calls a woven method whose
     * token equals that call's. The caught exception must not leave the token behind.
     */
    public static final class StaleTokenAfterException implements Runnable {
        int caught;

        @Override
        public void run() {
            try {
                dev.weft.fallback.testing.Unwoven.u();
            } catch (IllegalArgumentException e) {
                caught++; // no call here: a call would replace the token anyway
            }
            new CallsUFromConstructor();
        }
    }

    /**
     * Function.andThen (unwoven) calls apply on a woven lambda: the same token as the woven
     * caller's call to the composed function. Only the full stack check sees the unwoven frame.
     */
    public static final class DecoratedBySameName implements Runnable {
        @Override
        public void run() {
            java.util.function.Function<Integer, Integer> f = x -> {
                suspend();
                return x + 1;
            };
            java.util.function.Function<Integer, Integer> g = f.andThen(y -> y * 2);
            log("g " + g.apply(1));
        }
    }

    /** The improperly entered method (from forEach) recurses properly before suspending. */
    public static final class RecursesUnderForEach implements Runnable {
        static void walk(Integer n) {
            if (n == 0) {
                suspend();
            } else {
                walk(n - 1);
            }
        }

        @Override
        public void run() {
            Arrays.asList(3).forEach(RecursesUnderForEach::walk);
        }
    }
}
