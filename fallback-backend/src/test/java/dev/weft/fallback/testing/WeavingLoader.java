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
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads the classes of one package from the test class path, woven, into a fresh loader. Every
 * woven class is checked with ASM's CheckClassAdapter (structure and data flow, with types
 * resolved against the unwoven classes of the parent loader) before it is defined; the JVM's
 * own verifier then checks it again at definition.
 */
public final class WeavingLoader extends ClassLoader {
    private final String prefix;
    private final ClassLoader source;
    private final ClassWeaver weaver;
    private final List<String> woven = new ArrayList<>();
    private final java.util.function.Predicate<String> weave;

    public WeavingLoader(String packagePrefix) {
        this(packagePrefix, WeavingLoader.class.getClassLoader());
    }

    /**
     * Weaves the classes of {@code packagePrefix} read from {@code source}'s resources (which
     * must also see the test class path, for types); everything else comes from the test loader.
     */
    public WeavingLoader(String packagePrefix, ClassLoader source) {
        this(packagePrefix, source, name -> true);
    }

    /**
     * Loads the classes of {@code packagePrefix} here, weaving those {@code weave} accepts and
     * defining the others as they are (an unwoven class among woven ones, as an agent's exclude
     * option makes).
     */
    public WeavingLoader(String packagePrefix, java.util.function.Predicate<String> weave) {
        this(packagePrefix, WeavingLoader.class.getClassLoader(), weave);
    }

    private WeavingLoader(String packagePrefix, ClassLoader source, java.util.function.Predicate<String> weave) {
        super(WeavingLoader.class.getClassLoader());
        this.prefix = packagePrefix;
        this.source = source;
        this.weaver = new ClassWeaver(new ClassHierarchy(source), SuspendablePolicy.DEFAULT);
        this.weave = weave;
    }

    /** Names of the classes this loader has woven so far. */
    public List<String> woven() {
        return Collections.unmodifiableList(woven);
    }

    /** A new instance of {@code className} (loaded here), made by its public constructor that takes as many arguments as given. */
    public Object construct(String className, Object... args) throws ReflectiveOperationException {
        for (java.lang.reflect.Constructor<?> c : loadClass(className).getConstructors()) {
            if (c.getParameterCount() == args.length) {
                return c.newInstance(args);
            }
        }
        throw new AssertionError("no public constructor of " + className + " with " + args.length + " parameters");
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
                byte[] original = bytes(name, source);
                byte[] b = weave.test(name) ? weaver.weave(original) : null;
                if (b == null) {
                    b = original;
                } else {
                    verify(name, b, source);
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
        return bytes(className, WeavingLoader.class.getClassLoader());
    }

    static byte[] bytes(String className, ClassLoader from) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = from.getResourceAsStream(resource)) {
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
        verify(name, classFile, WeavingLoader.class.getClassLoader());
    }

    /** Same, resolving types with the unwoven classes of {@code types}. */
    public static void verify(String name, byte[] classFile, ClassLoader types) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), types, false, new PrintWriter(report));
        if (report.toString().length() > 0) {
            throw new AssertionError("woven " + name + " does not verify:\n" + report);
        }
    }

    /** The class file of {@code className} as a tree, without its stack map frames (for the weaver's passes). */
    public static ClassNode node(String className) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes(className)).accept(cn, ClassReader.SKIP_FRAMES);
        return cn;
    }

    /** The first method of {@code cn} named {@code name}. */
    public static MethodNode method(ClassNode cn, String name) {
        for (MethodNode m : cn.methods) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + cn.name);
    }
}
