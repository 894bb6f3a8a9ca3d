package dev.weft.compat.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Runs a class's static initializer again, in a fresh class loader, and reads a static field it
 * set. A test whose subject is a static initializer needs this: a JVM initializes a class once,
 * but the conformance runner runs the suite once per backend in the same JVM.
 *
 * <p>The class is defined anew from its own class file; every class it refers to (the test
 * class, weft) comes from the original loader, so their static fields are shared. Members it
 * reaches across the two loaders must therefore be public.
 */
public final class FreshClass {
    private FreshClass() {
    }

    /** Defines a new copy of {@code c}, runs its static initializer and returns its static field {@code field}. */
    public static Object initializeAndGet(Class<?> c, String field) {
        try {
            Class<?> copy = Class.forName(c.getName(), true, new Loader(c));
            return copy.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot initialize a fresh copy of " + c.getName(), e);
        }
    }

    private static final class Loader extends ClassLoader {
        private final Class<?> original;

        Loader(Class<?> original) {
            super(original.getClassLoader());
            this.original = original;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(original.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = bytes(name);
                    c = defineClass(name, b, 0, b.length, original.getProtectionDomain());
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private byte[] bytes(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = original.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(resource + " is not readable from " + original.getClassLoader());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new ClassNotFoundException(resource, e);
            }
        }
    }
}
