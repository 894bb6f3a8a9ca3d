package dev.weft.fallback.weaver;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.WeavingLoader;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The plain copies never push a woven method over C2's inlining limit, and the size bounds they
 * are chosen by hold, over a corpus of real code: every class of ASM (core, tree, analysis, util),
 * of weft's api module and of the weaver's samples, woven with and without plain copies.
 */
class PlainTwinsSizeTest {
    @Test
    void noWovenMethodIsPushedOverTheInliningLimitAndTheSizeBoundsHold() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<PlainTwins.Mode, Integer> modes = new EnumMap<>(PlainTwins.Mode.class);
        int methods = 0;
        int pure = 0;
        for (String name : corpus()) {
            byte[] original = WeavingLoader.bytes(name);
            ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()),
                    SuspendablePolicy.DEFAULT);
            byte[] with = weaver.weave(original);
            if (with == null) {
                continue;
            }
            Map<String, PlainTwins.Mode> chosen = new HashMap<>(weaver.modes());
            pure += weaver.pureMethods().size();
            byte[] without = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()),
                    SuspendablePolicy.DEFAULT).withoutPlainCopies().weave(original);
            Map<String, Integer> sizeWith = codeLengths(with);
            Map<String, Integer> sizeWithout = codeLengths(without);
            ClassNode cn = new ClassNode();
            new ClassReader(with).accept(cn, ClassReader.SKIP_FRAMES);
            for (MethodNode m : cn.methods) {
                String key = m.name + m.desc;
                if (!sizeWith.containsKey(key)) {
                    continue; // abstract or native
                }
                int actual = sizeWith.get(key);
                int lower = PlainTwins.size(m.instructions, false);
                int upper = PlainTwins.size(m.instructions, true);
                // Past 32 KiB a class writer widens jumps (goto_w); the bounds are for the sizes near the limit.
                if (actual < 32768 && (actual < lower || actual > upper)) {
                    failures.add(name + "." + key + ": " + actual + " bytes, bounds " + lower + ".." + upper);
                }
                Integer before = sizeWithout.get(key);
                if (before == null) {
                    continue; // a twin
                }
                if (actual > PlainTwins.INLINE_LIMIT && before <= PlainTwins.INLINE_LIMIT) {
                    failures.add(name + "." + key + ": " + before + " bytes woven alone, " + actual
                            + " with " + chosen.get(key) + ": pushed over " + PlainTwins.INLINE_LIMIT);
                }
                PlainTwins.Mode mode = chosen.get(key);
                if (mode == null) {
                    continue; // not woven, or in a class that gets no copies
                }
                methods++;
                modes.merge(mode, 1, Integer::sum);
                // With no copy, at most the prologue's jump for a cursor where no continuation runs.
                if (mode == PlainTwins.Mode.NONE && actual > before + 8) {
                    failures.add(name + "." + key + ": no copy, yet " + actual + " bytes against " + before);
                }
            }
        }
        System.out.println("[plain copies] " + methods + " woven methods in the corpus: " + modes + "; " + pure
                + " pure for exact receivers");
        assertEquals(new ArrayList<String>(), failures);
        assertTrue(methods > 500, methods + " woven methods");
        // Every choice is made somewhere in the corpus.
        assertEquals(3, modes.size(), modes.toString());
    }

    /** The classes of the corpus: ASM (core, tree, analysis, util), weft's api module and the weaver's samples. */
    static List<String> corpus() throws Exception {
        List<String> names = new ArrayList<>();
        for (Class<?> anchor : asList(org.objectweb.asm.ClassReader.class, org.objectweb.asm.tree.ClassNode.class,
                org.objectweb.asm.tree.analysis.Analyzer.class, org.objectweb.asm.util.CheckClassAdapter.class,
                dev.weft.Scheduler.class, dev.weft.fallback.samples.Samples.class)) {
            File root = new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String entry : AllSamplesVerifyTest.classEntries(root)) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                if (name.startsWith(anchor.getPackage().getName().split("\\.")[0] + ".")
                        && (!name.startsWith("dev.weft.fallback.") || name.startsWith("dev.weft.fallback.samples."))) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * Direct calls (DirectCalls) make a call site longer; they are made only where they do not
     * push a woven method over C2's inlining limit, over the corpus, comparing its code woven
     * with and without them (no plain copies either way).
     */
    @Test
    void directCallsNeverPushAWovenMethodOverTheInliningLimit() throws Exception {
        List<String> failures = new ArrayList<>();
        int twins = 0;
        int changed = 0;
        int methods = 0;
        for (String name : corpus()) {
            byte[] original = WeavingLoader.bytes(name);
            byte[] with = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT)
                    .withoutPlainCopies().weave(original);
            if (with == null) {
                continue;
            }
            byte[] without = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()),
                    SuspendablePolicy.DEFAULT).withoutPlainCopies().withoutDirectCalls().weave(original);
            Map<String, Integer> sizeWithout = codeLengths(without);
            for (Map.Entry<String, Integer> e : codeLengths(with).entrySet()) {
                if (e.getKey().contains("Ldev/weft/fallback/FrameStack;)")) {
                    twins++;
                    continue;
                }
                Integer before = sizeWithout.get(e.getKey());
                if (before == null) {
                    failures.add(name + "." + e.getKey() + ": only woven with direct calls");
                    continue;
                }
                methods++;
                changed += before.equals(e.getValue()) ? 0 : 1;
                if (before <= PlainTwins.INLINE_LIMIT && e.getValue() > PlainTwins.INLINE_LIMIT) {
                    failures.add(name + "." + e.getKey() + ": " + before + " bytes woven without direct calls, "
                            + e.getValue() + " with: pushed over " + PlainTwins.INLINE_LIMIT);
                }
            }
        }
        System.out.println("[direct calls] " + twins + " direct twins; " + changed + " of " + methods
                + " methods changed by their direct calls");
        assertEquals(new ArrayList<String>(), failures);
        assertTrue(twins > 100 && changed > 100, twins + " direct twins, " + changed + " methods changed");
    }

    @Test
    void aMethodIsPureForExactReceiversOnlyIfAllItRunsIsItselfOrLikeMethodsOnThis() {
        String p = "dev.weft.fallback.samples.twins.";
        ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT);
        weaver.weave(WeavingLoader.bytes(p + "Fibs"));
        assertEquals(new java.util.TreeSet<>(asList("fib(I)I")), weaver.pureMethods(), "a recursion on this");
        weaver.weave(WeavingLoader.bytes(p + "Walk"));
        // down calls the static pause, frames calls pause too, count and halve are exact calls
        // (no receiver check needed, and they reach pause): none is pure.
        assertEquals(new java.util.TreeSet<String>(), weaver.pureMethods(), "recursions reaching a suspension");
        weaver.weave(WeavingLoader.bytes(p + "SuspendingFibs"));
        assertEquals(new java.util.TreeSet<String>(), weaver.pureMethods(), "an override that suspends");
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    /**
     * gen/Mid.mid(boolean): {@code iinc}s, a suspension if asked, then the frame stack's barrier:
     * woven alone within C2's limit, over it with a copy, so it gets none.
     */
    private static byte[] generateMid(int iincs) {
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(
                org.objectweb.asm.ClassWriter.COMPUTE_MAXS | org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(org.objectweb.asm.Opcodes.V1_8, org.objectweb.asm.Opcodes.ACC_PUBLIC, "gen/Mid", null,
                "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor mid = cw.visitMethod(
                org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_STATIC, "mid",
                "(Z)Ljava/lang/String;", null, null);
        mid.visitCode();
        mid.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
        mid.visitVarInsn(org.objectweb.asm.Opcodes.ISTORE, 1);
        for (int i = 0; i < iincs; i++) {
            mid.visitIincInsn(1, 1);
        }
        org.objectweb.asm.Label skip = new org.objectweb.asm.Label();
        mid.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 0);
        mid.visitJumpInsn(org.objectweb.asm.Opcodes.IFEQ, skip);
        mid.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "dev/weft/fallback/Continuation", "suspend", "()V",
                false);
        mid.visitLabel(skip);
        mid.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "dev/weft/fallback/FrameStack", "current",
                "()Ldev/weft/fallback/FrameStack;", false);
        mid.visitFieldInsn(org.objectweb.asm.Opcodes.GETFIELD, "dev/weft/fallback/FrameStack", "barrier",
                "Ljava/lang/String;");
        mid.visitInsn(org.objectweb.asm.Opcodes.ARETURN);
        mid.visitMaxs(0, 0);
        mid.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aMethodWithoutACopyIsEnteredWithoutABarrierWhereNoContinuationRuns() throws Exception {
        byte[] original = generateMid(60);
        ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT);
        byte[] woven = weaver.weave(original);
        assertEquals(PlainTwins.Mode.NONE, weaver.modes().get("mid(Z)Ljava/lang/String;"), weaver.modes().toString());
        int size = codeLengths(woven).get("mid(Z)Ljava/lang/String;");
        assertTrue(size <= PlainTwins.INLINE_LIMIT, size + " bytes");
        java.nio.file.Files.createDirectories(dir.resolve("gen"));
        java.nio.file.Files.write(dir.resolve("gen/Mid.class"), original);
        try (java.net.URLClassLoader classes = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                WeavingLoader.class.getClassLoader())) {
            Class<?> mid = new WeavingLoader("gen.", classes).loadClass("gen.Mid");
            // Called from this unwoven frame on a plain thread: no token, and no barrier either.
            assertEquals(null, mid.getMethod("mid", boolean.class).invoke(null, false));
        }
    }

    /** The code length of each method of a class file, by {@code name + descriptor}, read from its Code attribute. */
    static Map<String, Integer> codeLengths(byte[] classFile) {
        ClassReader cr = new ClassReader(classFile);
        char[] buf = new char[cr.getMaxStringLength()];
        int u = cr.header + 6; // access, this, super
        u += 2 + 2 * cr.readUnsignedShort(u); // interfaces
        int fields = cr.readUnsignedShort(u);
        u += 2;
        for (int f = 0; f < fields; f++) {
            u = skipAttributes(cr, u + 6);
        }
        Map<String, Integer> lengths = new HashMap<>();
        int methods = cr.readUnsignedShort(u);
        u += 2;
        for (int k = 0; k < methods; k++) {
            String key = cr.readUTF8(u + 2, buf) + cr.readUTF8(u + 4, buf);
            int attributes = cr.readUnsignedShort(u + 6);
            u += 8;
            for (int a = 0; a < attributes; a++) {
                if (cr.readUTF8(u, buf).equals("Code")) {
                    lengths.put(key, cr.readInt(u + 10));
                }
                u += 6 + cr.readInt(u + 2);
            }
        }
        return lengths;
    }

    private static int skipAttributes(ClassReader cr, int u) {
        int attributes = cr.readUnsignedShort(u);
        u += 2;
        for (int a = 0; a < attributes; a++) {
            u += 6 + cr.readInt(u + 2);
        }
        return u;
    }
}
