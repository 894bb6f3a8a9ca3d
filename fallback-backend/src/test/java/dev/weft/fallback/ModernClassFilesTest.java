package dev.weft.fallback;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.Driver;
import dev.weft.fallback.testing.Events;
import dev.weft.fallback.testing.WeavingLoader;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class files of the running JDK's own version (not the Java 8 ones the rest of the tests use),
 * compiled at test time: records (their toString is an invokedynamic), string concatenation by
 * invokedynamic with a suspension inside, pattern matching, nestmate private access, text blocks;
 * private calls compiled as invokevirtual and invokeinterface.
 */
class ModernClassFilesTest {
    private static final String SOURCE = String.join("\n",
            "package modern;",
            "import static dev.weft.fallback.Continuation.suspend;",
            "import dev.weft.fallback.testing.Events;",
            "public class Modern implements Runnable {",
            "    record Point(int x, int y) {}",
            "    sealed interface Shape permits Circle, Square {}",
            "    record Circle(double r) implements Shape {}",
            "    record Square(double side) implements Shape {}",
            "    private int secret = 41;",
            "    class Inner { int peek() { suspend(); return secret + 1; } }",
            "    static int value(int v) { suspend(); return v; }",
            "    public void run() {",
            "        var p = new Point(value(1), value(2));",
            "        Events.add(\"point \" + p + \" \" + value(3));",
            "        Shape s = value(0) == 0 ? new Circle(1.5) : new Square(2);",
            "        if (s instanceof Circle c) { Events.add(\"circle \" + c.r() + value(4)); }",
            "        Events.add(\"inner \" + new Inner().peek());",
            "        String text = \"\"\"",
            "            text block\"\"\";",
            "        Events.add(text.strip() + value(5));",
            "    }",
            "}");

    /**
     * Private calls as javac 11+ compiles them: {@code invokevirtual} of a private method of the
     * same class, {@code invokeinterface} of a private interface method. Both are exact calls for
     * the intra-class narrowing (IntraClassCalls).
     */
    private static final String NEST = String.join("\n",
            "package modern;",
            "import static dev.weft.fallback.Continuation.suspend;",
            "import dev.weft.fallback.testing.Events;",
            "public class Nest implements Runnable {",
            "    interface Counter {",
            "        default int total(int v) { return doubled(v) + paused(v); }",
            "        default int quiet(int v) { return doubled(v) + 1; }",
            "        private int doubled(int v) { return v * 2; }",
            "        private int paused(int v) { suspend(); return v; }",
            "    }",
            "    record Box(int v) implements Counter {}",
            "    private int square(int v) { return v * v; }",
            "    private int later(int v) { suspend(); return square(v); }",
            "    public void run() {",
            "        Box b = new Box(3);",
            "        Events.add(\"quiet \" + b.quiet(4) + \" square \" + square(5));",
            "        Events.add(\"total \" + b.total(4));",
            "        Events.add(\"later \" + later(6));",
            "    }",
            "}");

    @TempDir
    Path dir;

    @Test
    void classFilesOfTheRunningJdksVersionWeaveVerifyAndResume() throws IOException {
        compile("Modern", SOURCE);
        try (URLClassLoader classes = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                WeavingLoader.class.getClassLoader())) {
            WeavingLoader loader = new WeavingLoader("modern.", classes);
            Events.take();
            List<String> events = Driver.runToEnd(loader.runnable("modern.Modern"));
            assertEquals(asList("~", "~", "~", "point Point[x=1, y=2] 3", "~", "~", "circle 1.54", "~", "inner 42",
                    "~", "text block5"), events);
            assertTrue(loader.woven().contains("modern.Modern"));
            assertTrue(loader.woven().contains("modern.Modern$Inner"));
        }
    }

    @Test
    void privateCallsOfJava11ClassFilesAreExactCallsAndNarrowed() throws Exception {
        compile("Nest", NEST);
        try (URLClassLoader classes = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                WeavingLoader.class.getClassLoader())) {
            WeavingLoader loader = new WeavingLoader("modern.", classes);
            Events.take();
            assertEquals(asList("quiet 9 square 25", "~", "total 12", "~", "later 36"),
                    Driver.runToEnd(loader.runnable("modern.Nest")));
            // square (invokevirtual, private), doubled (invokeinterface, private) and quiet are not woven.
            assertEquals(asList("later", "run"), asList(loader.loadClass("modern.Nest").getAnnotation(Woven.class)
                    .methods()));
            assertEquals(asList("paused", "total"), asList(loader.loadClass("modern.Nest$Counter")
                    .getAnnotation(Woven.class).methods()));
        }
    }

    private void compile(String name, String source) throws IOException {
        String release = System.getProperty("java.specification.version");
        Path src = dir.resolve("modern/" + name + ".java");
        Files.createDirectories(src.getParent());
        Files.write(src, source.getBytes(StandardCharsets.UTF_8));
        String cp = location(Continuation.class) + File.pathSeparator + location(Events.class);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", release, "-cp", cp, "-d", dir.toString(), src.toString());
        assertEquals(0, rc, "javac failed (its messages are on the test's stderr)");
    }

    private static String location(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
