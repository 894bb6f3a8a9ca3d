package dev.weft.examples.fallback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.agent.WeavingFilter;
import dev.weft.fallback.weaver.ClassHierarchy;
import dev.weft.fallback.weaver.ClassWeaver;
import dev.weft.fallback.weaver.SuspendablePolicy;
import dev.weft.maven.ClassDirectoryWeaver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weaving this module's woven output again, as a second build would, changes nothing. */
class WeavingTwiceTest {
    @TempDir
    Path temp;

    @Test
    void weavingTheWovenClassesAgainWritesNothing() throws IOException {
        Path classes = Paths.get("target", "classes");
        Path copy = temp.resolve("classes");
        copyTree(classes, copy);
        Map<String, byte[]> before = contents(copy);

        // What the weave goal sees: the dependencies, not this project's own class directories.
        List<Path> classpath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(e).toAbsolutePath().normalize();
            if (!p.equals(classes.toAbsolutePath().normalize())
                    && !p.equals(Paths.get("target", "test-classes").toAbsolutePath().normalize())) {
                classpath.add(p);
            }
        }
        ClassDirectoryWeaver weaver = new ClassDirectoryWeaver(new WeavingFilter(Collections.<String>emptyList(),
                Collections.singletonList("dev.weft.examples.fallback.unwoven")), classpath, line -> { });
        ClassDirectoryWeaver.Result result = weaver.weave(copy, classpath, Collections.<Path>emptyList());

        assertEquals(Collections.emptyList(), result.failures());
        assertEquals(Collections.emptyList(), result.woven());
        assertEquals(Collections.emptyList(), result.weftWoven());
        assertTrue(result.changedNothing());
        assertTrue(result.alreadyWoven() > 0 && result.weftPresent() == result.alreadyWoven() - 1,
                "already woven: " + result.alreadyWoven() + ", weft's in place: " + result.weftPresent()
                        + " (Tour is the only woven class of this project's main code)");
        assertEquals(1, result.excluded(), "Callbacks is the one excluded class");
        Map<String, byte[]> after = contents(copy);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k);
        }
    }

    @Test
    void theWeaverItselfLeavesAMarkedClassAlone() throws IOException {
        byte[] tour = Files.readAllBytes(Paths.get("target", "classes", "dev", "weft", "examples", "fallback", "Tour.class"));
        assertTrue(ClassWeaver.isWoven(tour));
        assertNull(new ClassWeaver(new ClassHierarchy(getClass().getClassLoader()), SuspendablePolicy.DEFAULT).weave(tour));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                result.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return result;
    }
}
