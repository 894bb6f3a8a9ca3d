package dev.weft.fallback.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.WeavingLoader;
import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every sample class, woven, passes ASM's CheckClassAdapter verification and loads. */
class AllSamplesVerifyTest {
    @Test
    void everyWovenSampleVerifiesAndLoads() throws URISyntaxException, ClassNotFoundException {
        File dir = new File(getClass().getResource("/dev/weft/fallback/samples").toURI());
        ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT);
        List<String> woven = new ArrayList<>();
        List<String> all = new ArrayList<>();
        Set<String> unwoven = new TreeSet<>();
        for (String f : dir.list()) {
            if (!f.endsWith(".class")) {
                continue;
            }
            String name = "dev.weft.fallback.samples." + f.substring(0, f.length() - ".class".length());
            all.add(name);
            byte[] b = weaver.weave(WeavingLoader.bytes(name));
            if (b != null) {
                WeavingLoader.verify(name, b);
                woven.add(name);
            } else {
                unwoven.add(name.substring(name.lastIndexOf('.') + 1));
            }
        }
        // Exactly the classes with no method that can reach a suspension point: only
        // constructors, leaf calls, abstract methods, or exact calls to their own methods that
        // cannot suspend (PureMath, see IntraClassCalls).
        assertEquals(new TreeSet<>(asList("Samples$Step", "Samples$Point", "Samples$Pair", "Samples$Cat", "Samples$PureMath",
                "Refused$ConstructsDirectly", "Refused$SuspendsInConstructor", "Refused$SuspendsUnderConstructor",
                "Refused$CallsUFromConstructor")), unwoven);
        assertEquals(46, woven.size());
        // Defining them runs the JVM's own verifier too.
        WeavingLoader loader = new WeavingLoader("dev.weft.fallback.samples.");
        for (String name : all) {
            Class.forName(name, false, loader);
        }
        assertEquals(woven.size(), loader.woven().size());
    }

    /**
     * The running JDK's own class files (version 61 on JDK 17, 69 on JDK 25) are read, woven and
     * verify: the weaver keeps up with the class-file versions of the JDK it runs on.
     */
    @Test
    void theRunningJdksOwnClassFilesWeaveAndVerify() throws java.io.IOException {
        ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT);
        for (String name : asList("java/util/ArrayList", "java/util/HashMap", "java/util/concurrent/ConcurrentHashMap")) {
            byte[] original;
            try (java.io.InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
                original = out.toByteArray();
            }
            byte[] woven = weaver.weave(original);
            assertTrue(woven != null && ClassWeaver.isWoven(woven), name);
            WeavingLoader.verify(name, woven);
        }
    }

    /**
     * A corpus of real code: every class of ASM (core, tree, analysis, util) and of weft's own api
     * module (the scheduler core that the fallback backend will need woven) weaves without error
     * and verifies.
     */
    @Test
    void everyClassOfAsmAndOfTheWeftApiWeavesAndVerifies() throws Exception {
        ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT);
        List<String> failures = new ArrayList<>();
        int classes = 0;
        int woven = 0;
        for (Class<?> anchor : asList(org.objectweb.asm.ClassReader.class, org.objectweb.asm.tree.ClassNode.class,
                org.objectweb.asm.tree.analysis.Analyzer.class, org.objectweb.asm.util.CheckClassAdapter.class,
                dev.weft.Scheduler.class)) {
            File root = new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String entry : classEntries(root)) {
                classes++;
                String name = entry.substring(0, entry.length() - ".class".length());
                try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(entry)) {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    byte[] buf = new byte[8192];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                    byte[] b = weaver.weave(out.toByteArray());
                    if (b != null) {
                        woven++;
                        WeavingLoader.verify(name, b);
                    }
                } catch (Throwable t) {
                    failures.add(name + ": " + t);
                }
            }
        }
        assertEquals(new ArrayList<String>(), failures);
        assertTrue(classes > 150 && woven > 100, classes + " classes, " + woven + " woven");
    }

    static List<String> classEntries(File root) throws java.io.IOException {
        List<String> names = new ArrayList<>();
        if (root.isDirectory()) {
            collect(root, root, names);
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root)) {
                for (java.util.Enumeration<java.util.jar.JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                        names.add(n);
                    }
                }
            }
        }
        return names;
    }

    private static void collect(File root, File f, List<String> out) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                collect(root, c, out);
            }
        } else if (f.getName().endsWith(".class") && !f.getName().equals("module-info.class")) {
            out.add(root.toURI().relativize(f.toURI()).getPath());
        }
    }
}
