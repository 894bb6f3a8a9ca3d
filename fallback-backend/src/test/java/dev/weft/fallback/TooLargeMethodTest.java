package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.WeavingLoader;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A method that would exceed 64 KiB of code once woven is left unwoven, the rest of its class is
 * woven, and a suspension through it is refused with a message saying to split it.
 */
class TooLargeMethodTest {
    @TempDir
    Path dir;

    /** A class writer that has written a public Runnable class {@code name} (internal) and its constructor. */
    private static ClassWriter runnableClass(String name) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", new String[] {"java/lang/Runnable"});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        return cw;
    }

    /** gen.Huge: run() calls huge(), which calls Continuation.suspend() 3000 times (9 KB of code). */
    private static byte[] generate() {
        ClassWriter cw = runnableClass("gen/Huge");
        MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Huge", "huge", "()V", false);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        MethodVisitor huge = cw.visitMethod(Opcodes.ACC_STATIC, "huge", "()V", null, null);
        huge.visitCode();
        for (int i = 0; i < 3000; i++) {
            huge.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/fallback/Continuation", "suspend", "()V", false);
        }
        huge.visitInsn(Opcodes.RETURN);
        huge.visitMaxs(0, 0);
        huge.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * gen.Big: run() calls big(), 36 KB of {@code iinc} around one Continuation.suspend(): small
     * enough to weave, too large to weave with a plain copy of itself inside (PlainTwins).
     */
    private static byte[] generateBig() {
        ClassWriter cw = runnableClass("gen/Big");
        MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Big", "big", "()I", false);
        run.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "valueOf", "(I)Ljava/lang/String;", false);
        run.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/fallback/testing/Events", "add", "(Ljava/lang/String;)V", false);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        MethodVisitor big = cw.visitMethod(Opcodes.ACC_STATIC, "big", "()I", null, null);
        big.visitCode();
        big.visitInsn(Opcodes.ICONST_0);
        big.visitVarInsn(Opcodes.ISTORE, 0);
        for (int i = 0; i < 6000; i++) {
            big.visitIincInsn(0, 1);
        }
        big.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/fallback/Continuation", "suspend", "()V", false);
        for (int i = 0; i < 6000; i++) {
            big.visitIincInsn(0, 1);
        }
        big.visitVarInsn(Opcodes.ILOAD, 0);
        big.visitInsn(Opcodes.IRETURN);
        big.visitMaxs(0, 0);
        big.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aMethodTooLargeToWeaveWithItsPlainCopyIsWovenWithoutOne() throws Exception {
        Files.createDirectories(dir.resolve("gen"));
        Files.write(dir.resolve("gen/Big.class"), generateBig());
        try (URLClassLoader classes = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                WeavingLoader.class.getClassLoader())) {
            WeavingLoader loader = new WeavingLoader("gen.", classes);
            Runnable body = loader.runnable("gen.Big");
            Woven mark = body.getClass().getAnnotation(Woven.class);
            assertEquals(asList("big", "run"), asList(mark.methods()));
            assertEquals(asList(), asList(mark.tooLarge()));
            assertThrows(NoSuchMethodException.class, () -> body.getClass().getDeclaredMethod("big", Twin.class));
            body.getClass().getDeclaredMethod("run", Twin.class); // run() fits with its copy and has its twin
            dev.weft.fallback.testing.Events.take();
            Continuation c = new Continuation(body);
            assertTrue(c.run(), "suspended in big()");
            assertTrue(!c.run(), "ended");
            assertEquals(asList("12000"), dev.weft.fallback.testing.Events.take());
        }
    }

    @Test
    void aMethodTooLargeToWeaveIsLeftUnwovenAndSuspendingInItIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("gen"));
        Files.write(dir.resolve("gen/Huge.class"), generate());
        try (URLClassLoader classes = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                WeavingLoader.class.getClassLoader())) {
            WeavingLoader loader = new WeavingLoader("gen.", classes);
            Runnable body = loader.runnable("gen.Huge");
            Woven mark = body.getClass().getAnnotation(Woven.class);
            assertEquals(asList("run"), asList(mark.methods()));
            assertEquals(asList("huge()V"), asList(mark.tooLarge()));
            UnwovenFrameException e = assertThrows(UnwovenFrameException.class, new Continuation(body)::run);
            assertEquals("huge", e.frame().getMethodName());
            assertTrue(e.getMessage().contains("exceed the JVM's 64 KiB limit"), e.getMessage());
        }
    }
}
