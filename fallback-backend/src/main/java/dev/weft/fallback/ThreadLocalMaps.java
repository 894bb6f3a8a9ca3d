package dev.weft.fallback;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Swaps a thread's {@code ThreadLocal} and {@code InheritableThreadLocal} maps, so that every
 * microthread sharing a carrier thread has values of its own, as every virtual thread does.
 *
 * <h2>Implementation notes</h2>
 * {@code java.lang.Thread} keeps its values in two fields, {@code threadLocals} and
 * {@code inheritableThreadLocals}, each a {@code ThreadLocal.ThreadLocalMap} or null (created on
 * the first {@code set}). A strand keeps its two maps while it is not running and puts them on the
 * carrier while it runs; the carrier's own maps are put back when it stops. Inheritance copies
 * the creating thread's inheritable map with the JDK's own {@code ThreadLocal.createInheritedMap},
 * so {@code InheritableThreadLocal.childValue} is honoured. These are private members of
 * {@code java.base}: on JDK 9 and later they need {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 * (the same flag the loom backend needs); without it the backend reports itself unavailable.
 */
final class ThreadLocalMaps {
    private static final MethodHandle GET_LOCALS;
    private static final MethodHandle SET_LOCALS;
    private static final MethodHandle GET_INHERITABLE;
    private static final MethodHandle SET_INHERITABLE;
    private static final MethodHandle CREATE_INHERITED;
    private static final String UNAVAILABLE;

    static {
        MethodHandle gl = null, sl = null, gi = null, si = null, ci = null;
        String reason = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Field locals = Thread.class.getDeclaredField("threadLocals");
            Field inheritable = Thread.class.getDeclaredField("inheritableThreadLocals");
            Method create = ThreadLocal.class.getDeclaredMethod("createInheritedMap", locals.getType());
            locals.setAccessible(true);
            inheritable.setAccessible(true);
            create.setAccessible(true);
            MethodType get = MethodType.methodType(Object.class, Thread.class);
            MethodType set = MethodType.methodType(void.class, Thread.class, Object.class);
            gl = lookup.unreflectGetter(locals).asType(get);
            sl = lookup.unreflectSetter(locals).asType(set);
            gi = lookup.unreflectGetter(inheritable).asType(get);
            si = lookup.unreflectSetter(inheritable).asType(set);
            ci = lookup.unreflect(create).asType(MethodType.methodType(Object.class, Object.class));
        } catch (RuntimeException e) { // InaccessibleObjectException (JDK 9+) is a RuntimeException
            reason = "weft cannot give each microthread its own ThreadLocal values because java.lang is not open to"
                    + " it (" + e.getMessage() + "); add --add-opens java.base/java.lang=ALL-UNNAMED: on the java"
                    + " command line, as 'Add-Opens: java.base/java.lang' in the manifest of an executable jar, or"
                    + " in Surefire's <argLine> for tests";
        } catch (ReflectiveOperationException e) {
            reason = "this JDK's Thread has no thread-local map fields where weft expects them (" + e
                    + "); please report the JDK version";
        }
        GET_LOCALS = gl;
        SET_LOCALS = sl;
        GET_INHERITABLE = gi;
        SET_INHERITABLE = si;
        CREATE_INHERITED = ci;
        UNAVAILABLE = reason;
    }

    private ThreadLocalMaps() {
    }

    /** Null when maps can be swapped, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    static Object locals(Thread t) {
        try {
            return (Object) GET_LOCALS.invokeExact(t);
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    static Object inheritable(Thread t) {
        try {
            return (Object) GET_INHERITABLE.invokeExact(t);
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    static void set(Thread t, Object locals, Object inheritable) {
        try {
            SET_LOCALS.invokeExact(t, locals);
            SET_INHERITABLE.invokeExact(t, inheritable);
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    /** A copy of the calling thread's inheritable values, as a new thread would get; null if none. */
    static Object inheritedFromCurrentThread() {
        Object parent = inheritable(Thread.currentThread());
        if (parent == null) {
            return null;
        }
        try {
            return (Object) CREATE_INHERITED.invokeExact(parent);
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    private static IllegalStateException failed(Throwable e) {
        return new IllegalStateException("weft: swapping thread-local maps failed", e);
    }
}
