package dev.weft.compat.coroutines;

import dev.weft.Coroutine;

/**
 * Classes whose static initializers yield or resume, for {@link CoroutineSchedulingTest}. Public
 * throughout: {@link dev.weft.compat.support.FreshClass} defines each initializer class anew in a
 * class loader of its own, since a JVM runs an initializer once and the conformance runner runs
 * the suite once per backend in one JVM.
 */
public final class StaticInitializers {
    private StaticInitializers() {
    }

    public static Coroutine.Suspender<Void, String> suspenderForInit;
    public static Coroutine<Void, String> coroutineForInit;

    public static final class YieldsInItsInitializer {
        public static final String OUTCOME;

        static {
            String o;
            try {
                suspenderForInit.yield("from the initializer");
                o = "yielded";
            } catch (RuntimeException e) {
                o = e.getMessage();
            }
            OUTCOME = o;
        }
    }

    public static final class ResumesInItsInitializer {
        public static final String OUTCOME;

        static {
            String o;
            try {
                o = "resumed: " + coroutineForInit.resume(null);
            } catch (RuntimeException e) {
                o = e.getMessage();
            }
            OUTCOME = o;
        }
    }

    public static final class ResumesABodyThatWaitsInItsInitializer {
        public static final String OUTCOME;

        static {
            String o;
            try {
                o = "resumed: " + coroutineForInit.resume(null);
            } catch (RuntimeException e) {
                o = e.getMessage();
            }
            OUTCOME = o;
        }
    }
}
