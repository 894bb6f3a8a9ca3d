package dev.weft.benchmarks;

import dev.weft.fallback.Woven;
import dev.weft.fallback.weaver.ClassHierarchy;
import dev.weft.fallback.weaver.ClassWeaver;
import dev.weft.fallback.weaver.SuspendablePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A second copy of a class, woven by weft's {@link ClassWeaver} exactly as the agent would weave
 * it, defined in a class loader of its own: beside the original it gives the same bytecode
 * twice, once woven and once not, in one JVM.
 */
final class WovenCopy extends ClassLoader {
    private final String name;
    private final byte[] woven;

    private WovenCopy(Class<?> original, byte[] woven) {
        super(original.getClassLoader());
        this.name = original.getName();
        this.woven = woven;
    }

    /**
     * A new instance of a woven copy of {@code original} (which needs a public no-argument
     * constructor).
     *
     * @param expectedMethods methods the weaver must have instrumented; checked against the mark
     * @throws IllegalStateException if the original is itself woven, or the weaver left it (or
     *         one of {@code expectedMethods}) alone: there would be nothing to compare
     */
    static <T> T of(Class<? extends T> original, String... expectedMethods) {
        if (original.isAnnotationPresent(Woven.class)) {
            throw new IllegalStateException(original.getName() + " was woven as it loaded, so it cannot be the"
                    + " not-woven contender: the agent must exclude " + original.getPackageName());
        }
        byte[] plain = classFile(original);
        byte[] woven = new ClassWeaver(new ClassHierarchy(original.getClassLoader()), SuspendablePolicy.DEFAULT)
                .weave(plain);
        if (woven == null) {
            throw new IllegalStateException("weft's weaver left " + original.getName() + " unchanged: it has no"
                    + " call that may reach a suspension point, so there is no weaving to measure");
        }
        try {
            Class<?> copy = new WovenCopy(original, woven).loadClass(original.getName());
            Woven mark = copy.getAnnotation(Woven.class);
            List<String> instrumented = mark == null ? List.of() : Arrays.asList(mark.methods());
            if (!instrumented.containsAll(Arrays.asList(expectedMethods))) {
                throw new IllegalStateException("woven copy of " + original.getName() + " instruments " + instrumented
                        + ", expected at least " + Arrays.toString(expectedMethods));
            }
            @SuppressWarnings("unchecked")
            T instance = (T) copy.getDeclaredConstructor().newInstance();
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the woven copy of " + original.getName(), e);
        }
    }

    /** The woven class for its own name (never asking the parent first); the parent for all else. */
    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        if (!className.equals(name)) {
            return super.loadClass(className, resolve);
        }
        synchronized (getClassLoadingLock(className)) {
            Class<?> c = findLoadedClass(className);
            if (c == null) {
                c = defineClass(className, woven, 0, woven.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private static byte[] classFile(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + resource + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
