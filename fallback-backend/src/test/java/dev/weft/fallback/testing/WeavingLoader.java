package dev.weft.fallback.testing;

import dev.weft.fallback.weaver.ClassHierarchy;
import dev.weft.fallback.weaver.ClassWeaver;
import dev.weft.fallback.weaver.SuspendablePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads the classes of one package from the test class path, woven, into a fresh loader. Every
 * woven class is checked with ASM's CheckClassAdapter (structure and data flow, with types
 * resolved against the unwoven classes of the parent loader) before it is defined; the JVM's
 * own verifier then checks it again at definition.
 */
public final class WeavingLoader extends ClassLoader {
    private final String prefix;
    private final ClassWeaver weaver;
    private final List<String> woven = new ArrayList<>();

    public WeavingLoader(String packagePrefix) {
        super(WeavingLoader.class.getClassLoader());
        this.prefix = packagePrefix;
        this.weaver = new ClassWeaver(new ClassHierarchy(getParent()), SuspendablePolicy.DEFAULT);
    }

    /** Names of the classes this loader has woven so far. */
    public List<String> woven() {
        return Collections.unmodifiableList(woven);
    }

    /** A new instance of {@code className} (loaded here, woven) cast to Runnable. */
    public Runnable runnable(String className) {
        try {
            return (Runnable) loadClass(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(prefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] original = bytes(name);
                byte[] b = weaver.weave(original);
                if (b == null) {
                    b = original;
                } else {
                    verify(name, b);
                    woven.add(name);
                }
                c = defineClass(name, b, 0, b.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    public static byte[] bytes(String className) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = WeavingLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no class file " + resource);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Fails with ASM's report if the class does not verify. */
    public static void verify(String name, byte[] classFile) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), WeavingLoader.class.getClassLoader(), false,
                new PrintWriter(report));
        if (report.toString().length() > 0) {
            throw new AssertionError("woven " + name + " does not verify:\n" + report);
        }
    }
}
