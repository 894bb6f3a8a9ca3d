package dev.weft.loom;

/** Pinning: when a virtual thread or a coroutine's continuation cannot be unmounted, and the error that says so. */
final class Pins {
    private Pins() {
    }

    /**
     * Throws {@link #error} if a frame on the calling thread's stack would pin it: a class
     * initializer or a native method other than the continuation machinery's own. Walks the
     * stack: for the slow paths only (a wait inside a coroutine).
     */
    static void checkNotPinned(String what) {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (pins(e)) {
                throw error(what);
            }
        }
    }

    private static boolean pins(StackTraceElement e) {
        return "<clinit>".equals(e.getMethodName())
                || (e.isNativeMethod() && !e.getClassName().equals("jdk.internal.vm.Continuation"));
    }

    /**
     * The error for an operation that would have to unmount a pinned virtual thread or
     * continuation, naming the pinning frames (class initializers and native methods).
     *
     * @param what what was attempted, e.g. "a microthread tried to suspend"
     */
    static IllegalStateException error(String what) {
        StringBuilder where = new StringBuilder();
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (pins(e)) {
                where.append(where.length() == 0 ? "" : ", ").append(e);
            }
        }
        return new IllegalStateException(what + " while its virtual thread is pinned to the carrier"
                + (where.length() > 0 ? " by " + where : " (a native frame or a class initializer is on its stack)")
                + "; weft cannot switch here, and waiting would freeze the carrier. Move the blocking weft call"
                + " out of the static initializer or native callback.");
    }
}
