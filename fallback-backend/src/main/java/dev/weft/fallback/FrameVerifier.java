package dev.weft.fallback;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The full check behind {@link Continuation#suspend()}, when enabled: walks the real stack and
 * finds the first frame between the suspension point and {@code Continuation} that is not a
 * woven method.
 *
 * <p>The cheap check (call tokens, see {@link FrameStack}) misses one case: an unwoven frame that
 * calls a woven method with the same name and descriptor as the method it was itself called as,
 * such as {@code Function.andThen}'s composed function calling {@code apply} on a woven lambda.
 * This walk catches it, at the price of a stack trace per suspension (tens of microseconds), so
 * it is off unless {@code -Dweft.fallback.verifyFrames=true}. Frames hidden from stack traces
 * (lambda proxies) are pure forwarding frames and are not seen.
 */
final class FrameVerifier {
    private static final Set<String> NOT_WOVEN = Collections.emptySet();
    /**
     * Unwoven methods of the runtime that only forward a suspension with the same token (see
     * {@link FallbackStrand#suspend()}), or a call to a woven method ({@link Linkage}): {@code class#method}.
     */
    private static final Set<String> FORWARDING = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            FallbackStrand.class.getName() + "#suspend", Linkage.class.getName() + "#relink")));
    private static final ConcurrentHashMap<ClassLoader, ConcurrentHashMap<String, Set<String>>> WOVEN =
            new ConcurrentHashMap<>();

    private FrameVerifier() {
    }

    /**
     * Index in {@code stack} of the first frame after {@code stack[0]} (suspend itself) that is
     * not woven, or -1 if every frame up to {@code Continuation} (which called the body) is.
     */
    static int firstUnwoven(StackTraceElement[] stack, ClassLoader loader) {
        return firstUnwoven(stack, 1, loader);
    }

    /** Same, from {@code stack[from]} outwards. */
    static int firstUnwoven(StackTraceElement[] stack, int from, ClassLoader loader) {
        for (int i = from; i < stack.length; i++) {
            StackTraceElement e = stack[i];
            if (e.getClassName().equals(Continuation.class.getName())) { // where the body was called
                return -1;
            }
            if (!wovenMethods(e.getClassName(), loader).contains(e.getMethodName())
                    && !FORWARDING.contains(e.getClassName() + "#" + e.getMethodName())) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> wovenMethods(String className, ClassLoader loader) {
        ClassLoader key = loader != null ? loader : ClassLoader.getSystemClassLoader();
        ConcurrentHashMap<String, Set<String>> cache = WOVEN.get(key);
        if (cache == null) {
            WOVEN.putIfAbsent(key, new ConcurrentHashMap<String, Set<String>>());
            cache = WOVEN.get(key);
        }
        Set<String> methods = cache.get(className);
        if (methods == null) {
            methods = NOT_WOVEN;
            try {
                Woven mark = Class.forName(className, false, key).getAnnotation(Woven.class);
                if (mark != null) {
                    methods = new HashSet<>(Arrays.asList(mark.methods()));
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not visible from the body's loader: not known to be woven
            }
            cache.put(className, methods);
        }
        return methods;
    }
}
