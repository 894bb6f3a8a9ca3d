package dev.weft.internal;

import java.lang.reflect.Method;

/** JDK facts a Java 8 library has to ask for reflectively. */
public final class Threads {
    private static final Method IS_VIRTUAL = find();

    private Threads() {
    }

    private static Method find() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null; // before JDK 21 there are no virtual threads
        }
    }

    /** Whether {@code t} is a JDK virtual thread. */
    public static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (Boolean) IS_VIRTUAL.invoke(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
