package dev.weft.fallback.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The method descriptors of the calling thread's frames, which {@code Thread.getStackTrace} does
 * not give: through {@code java.lang.StackWalker} (Java 9+; the tests run on 17 and 25, but this
 * module's code is compiled for 8, hence reflection).
 */
public final class FrameDescriptors {
    private FrameDescriptors() {
    }

    /** The descriptors of the frames of methods {@code method} of classes whose names start with {@code classPrefix}, innermost first. */
    public static List<String> of(String classPrefix, String method) {
        List<String> found = new ArrayList<>();
        for (String f : named(classPrefix)) {
            if (f.startsWith(method + "(")) {
                found.add(f.substring(method.length()));
            }
        }
        return found;
    }

    /** Each frame of a class whose name starts with {@code classPrefix}, innermost first, as its method's name and descriptor. */
    public static List<String> named(String classPrefix) {
        try {
            Class<?> walkerClass = Class.forName("java.lang.StackWalker");
            Class<?> frameClass = Class.forName("java.lang.StackWalker$StackFrame");
            Object walker = walkerClass.getMethod("getInstance").invoke(null);
            Method name = frameClass.getMethod("getMethodName");
            Method className = frameClass.getMethod("getClassName");
            Method descriptor = frameClass.getMethod("getDescriptor");
            Function<Stream<Object>, List<String>> collect = frames -> {
                List<String> found = new ArrayList<>();
                frames.forEach(f -> {
                    try {
                        if (((String) className.invoke(f)).startsWith(classPrefix)) {
                            found.add(name.invoke(f) + (String) descriptor.invoke(f));
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return found;
            };
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) walkerClass.getMethod("walk", Function.class).invoke(walker, collect);
            return found;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot walk the stack (StackWalker needs Java 9)", e);
        }
    }
}
