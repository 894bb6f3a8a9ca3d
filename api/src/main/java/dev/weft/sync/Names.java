package dev.weft.sync;

import dev.weft.internal.Fiber;

/** How messages and dumps of this package name things. */
final class Names {
    private Names() {
    }

    /** {@code microthread "worker-1" #7}, or {@code microthread #7} when it has no name. */
    static String of(Fiber f) {
        String name = f.thread.getName();
        return name.isEmpty() ? "microthread #" + f.id() : "microthread \"" + name + "\" #" + f.id();
    }

    /** {@code Lock@1b6d3586}: the simple class name and the identity hash, as Object.toString has it. */
    static String identity(Object o) {
        return o.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }
}
