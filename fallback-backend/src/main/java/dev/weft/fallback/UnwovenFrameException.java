package dev.weft.fallback;

/**
 * Thrown by {@link Continuation#suspend()} when a frame between the continuation's start and the
 * suspension point cannot be suspended. The message names the frame (class, method, line) and
 * the fix. Nothing was unwound: the code that tried to suspend goes on with this exception.
 */
public final class UnwovenFrameException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final StackTraceElement frame;

    UnwovenFrameException(String message, StackTraceElement frame) {
        super(message);
        this.frame = frame;
    }

    /** The offending frame, or null if it could not be identified. */
    public StackTraceElement frame() {
        return frame;
    }

    /**
     * Error path only (it walks the stack). {@code barrier} is "owner.name(desc)" of the woven
     * method entered from the offending frame, or null if the offending frame is the direct
     * caller of {@code suspend()}.
     */
    static UnwovenFrameException at(String barrier, StackTraceElement[] stack, ClassLoader loader) {
        // stack[0] is Continuation.suspend itself. Without a barrier its caller is the offender.
        int offending = 1;
        if (barrier != null) {
            // Frames from suspend() out to the improperly entered method are woven; the offender
            // is the first frame beyond it that is not (unwoven code, a constructor, an
            // initializer). The method may recur properly inside itself, so look past every
            // woven frame rather than just past its innermost occurrence. If all are woven (a
            // call from inside a synchronized block), name the caller of its innermost occurrence.
            String owner = barrier.substring(0, barrier.indexOf('.')).replace('/', '.');
            String name = barrier.substring(barrier.indexOf('.') + 1, barrier.indexOf('('));
            for (int i = 1; i < stack.length; i++) {
                if (stack[i].getClassName().equals(owner) && stack[i].getMethodName().equals(name)) {
                    int unwoven = FrameVerifier.firstUnwoven(stack, i, loader);
                    offending = unwoven >= 0 ? unwoven : i + 1;
                    break;
                }
            }
        }
        return at(offending, stack, loader);
    }

    /** Error path only: {@code stack[offending]} is the frame that cannot be suspended. */
    static UnwovenFrameException at(int offending, StackTraceElement[] stack, ClassLoader loader) {
        StackTraceElement f = offending < stack.length ? stack[offending] : null;
        if (f == null) {
            return new UnwovenFrameException("weft: cannot suspend here: a frame between the continuation's start"
                    + " and this suspension point is not woven", null);
        }
        return new UnwovenFrameException("weft: cannot suspend: the frame " + f + " " + why(f, loader), f);
    }

    private static String why(StackTraceElement f, ClassLoader loader) {
        String m = f.getMethodName();
        if (m.equals("<init>")) {
            return "is a constructor, and a constructor cannot be suspended. Move the suspending call out of"
                    + " the constructor (for example into a static factory method).";
        }
        if (m.equals("<clinit>")) {
            return "is a static initializer, which cannot be suspended. Do not suspend while a class is"
                    + " being initialized.";
        }
        if (isSynchronized(f, loader)) {
            return "is a synchronized method of a class that was not woven: its JVM monitor is owned by the"
                    + " carrier thread and cannot be held across a suspension (in woven classes synchronized"
                    + " becomes a cooperative monitor). Weave that class, use dev.weft.sync.Lock instead, or"
                    + " suspend outside the method.";
        }
        if (isTooLarge(f, loader)) {
            return "was left unwoven because, woven, it would exceed the JVM's 64 KiB limit on a method's"
                    + " code. Split it into smaller methods.";
        }
        if (isWoven(f.getClassName(), loader)) {
            return "is woven, but this call in it is not a suspension point: the weaver judged the callee"
                    + " unable to suspend (a JDK leaf method, a constructor), or the call is inside synchronized"
                    + " in weft's own API classes, whose monitors stay JVM monitors. Move the suspending call"
                    + " out of that call or block.";
        }
        return "is in a class that was not woven (" + f.getClassName() + "), so it cannot be suspended and"
                + " resumed. Weave that class (add its package to the weaver's includes), or, if it is library"
                + " code calling back into yours (such as List.forEach), do not suspend inside the callback:"
                + " use a plain loop instead.";
    }

    private static boolean isSynchronized(StackTraceElement f, ClassLoader loader) {
        try {
            boolean any = false;
            for (java.lang.reflect.Method m : Class.forName(f.getClassName(), false, loader).getDeclaredMethods()) {
                if (m.getName().equals(f.getMethodName())) {
                    if (!java.lang.reflect.Modifier.isSynchronized(m.getModifiers())) {
                        return false;
                    }
                    any = true;
                }
            }
            return any;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isTooLarge(StackTraceElement f, ClassLoader loader) {
        try {
            Woven mark = Class.forName(f.getClassName(), false, loader).getAnnotation(Woven.class);
            if (mark != null) {
                for (String m : mark.tooLarge()) {
                    if (m.startsWith(f.getMethodName() + "(")) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isWoven(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader).isAnnotationPresent(Woven.class);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
