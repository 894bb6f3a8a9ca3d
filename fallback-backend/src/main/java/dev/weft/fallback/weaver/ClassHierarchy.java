package dev.weft.fallback.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Superclass and interface-ness of classes, read from class files rather than by loading the
 * classes (a weaver running inside a class loader or an agent must not trigger loading).
 * Used for type merges in {@link FrameAnalysis} and for stack map frames in {@link ClassWeaver}.
 */
public class ClassHierarchy {
    private static final String OBJECT = "java/lang/Object";

    /** What the weaver needs to know about one class. */
    static final class Info {
        final String superName; // null only for java/lang/Object
        final boolean isInterface;
        final String[] interfaces;

        Info(String superName, boolean isInterface, String[] interfaces) {
            this.superName = superName;
            this.isInterface = isInterface;
            this.interfaces = interfaces == null ? new String[0] : interfaces;
        }
    }

    private final ClassLoader loader;
    private final ConcurrentHashMap<String, Info> cache = new ConcurrentHashMap<>();

    /** Reads class files through {@code loader}'s resources (the system loader if null). */
    public ClassHierarchy(ClassLoader loader) {
        this.loader = loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    /** Records a class the weaver has in hand (the one being woven), so it is never looked up. */
    void define(String internalName, String superName, boolean isInterface, java.util.List<String> interfaces) {
        cache.put(internalName, new Info(superName, isInterface, interfaces.toArray(new String[0])));
    }

    Info info(String internalName) {
        Info info = cache.get(internalName);
        if (info == null) {
            info = read(internalName);
            cache.put(internalName, info);
        }
        return info;
    }

    /** The weaving class path as a user would recognise it: the URLs of a URLClassLoader, else the loader. */
    private String where() {
        if (loader instanceof java.net.URLClassLoader) {
            return "the weaving class path " + java.util.Arrays.toString(((java.net.URLClassLoader) loader).getURLs());
        }
        return "the class loader " + loader;
    }

    private Info read(String internalName) {
        InputStream in = loader.getResourceAsStream(internalName + ".class");
        if (in == null) {
            throw new WeaveException("weft weaver: cannot find the class file of " + internalName.replace('/', '.')
                    + " (the weaver reads it to merge the types of values that meet across a suspension) in "
                    + where() + ". Put the jar or directory that holds it on the weaving class path (for the Maven"
                    + " plugin, a dependency of the project; for the agent, the class path of the class loader"
                    + " that loads the woven class).");
        }
        try {
            try {
                ClassReader r = new ClassReader(in);
                return new Info(r.getSuperName(), (r.getAccess() & Opcodes.ACC_INTERFACE) != 0, r.getInterfaces());
            } finally {
                in.close();
            }
        } catch (IOException e) {
            throw new WeaveException("weft weaver: cannot read the class file of " + internalName, e);
        }
    }

    boolean isInterface(String internalName) {
        return info(internalName).isInterface;
    }

    String superName(String internalName) {
        return info(internalName).superName;
    }

    /**
     * Whether {@code sub} is {@code sup} or extends or implements it, directly or not (both
     * non-array). Exact, also for interfaces: the weaver casts restored values to merged types,
     * so a merge must never claim more than is true.
     */
    boolean isSubclass(String sub, String sup) {
        if (sup.equals(OBJECT) || sub.equals(sup)) {
            return true;
        }
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        work.add(sub);
        while (!work.isEmpty()) {
            String c = work.poll();
            if (c.equals(sup)) {
                return true;
            }
            if (!seen.add(c)) {
                continue;
            }
            Info i = info(c);
            if (i.superName != null) {
                work.add(i.superName);
            }
            for (String itf : i.interfaces) {
                work.add(itf);
            }
        }
        return false;
    }

    /** The most specific common superclass, as ClassWriter needs for stack map frames. */
    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isInterface(a) || isInterface(b)) {
            return OBJECT;
        }
        for (String c = a; c != null; c = superName(c)) {
            if (isSubclass(b, c)) {
                return c;
            }
        }
        return OBJECT;
    }
}
