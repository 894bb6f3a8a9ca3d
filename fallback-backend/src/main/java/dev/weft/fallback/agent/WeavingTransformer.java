package dev.weft.fallback.agent;

import dev.weft.fallback.weaver.ClassHierarchy;
import dev.weft.fallback.weaver.ClassWeaver;
import dev.weft.fallback.weaver.SuspendablePolicy;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weaves each class the {@link WeavingFilter} accepts as it is loaded. One {@link ClassWeaver}
 * per class loader, since the weaver reads the class files it needs through the loader that
 * defines the class. Never throws: a class that cannot be woven is loaded unwoven and reported.
 */
final class WeavingTransformer implements ClassFileTransformer {
    private final WeavingFilter filter;
    private final boolean verbose;
    private final Map<ClassLoader, ClassWeaver> weavers = new WeakHashMap<ClassLoader, ClassWeaver>();
    private final AtomicInteger woven = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    WeavingTransformer(AgentOptions options) {
        this.filter = new WeavingFilter(options.include, options.exclude);
        this.verbose = options.verbose;
        if (verbose) {
            Runtime.getRuntime().addShutdownHook(new Thread("weft agent summary") {
                @Override
                public void run() {
                    System.err.println("weft agent: " + woven.get() + " classes woven, " + failed.get() + " failed");
                }
            });
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader == null || className == null || redefined != null) {
            return null; // the bootstrap loader's classes are the JDK's; hidden classes have no name
        }
        String name = className.replace('/', '.');
        if (!filter.weaves(name)) {
            return null;
        }
        try {
            byte[] result = weaver(loader).weave(classFile);
            if (result != null) {
                woven.incrementAndGet();
                if (verbose) {
                    System.err.println("weft agent: woven " + name);
                }
            }
            return result;
        } catch (Throwable e) {
            failed.incrementAndGet();
            System.err.println("weft agent: could not weave " + name + " (" + e + "); it is loaded unwoven, and a"
                    + " microthread that tries to suspend inside it will get an exception naming the frame");
            return null;
        }
    }

    private ClassWeaver weaver(ClassLoader loader) {
        synchronized (weavers) {
            ClassWeaver w = weavers.get(loader);
            if (w == null) {
                w = new ClassWeaver(new ClassHierarchy(loader), SuspendablePolicy.DEFAULT);
                weavers.put(loader, w);
            }
            return w;
        }
    }
}
