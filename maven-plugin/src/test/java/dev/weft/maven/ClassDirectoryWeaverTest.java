package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.FallbackBackend;
import dev.weft.fallback.agent.WeavingFilter;
import dev.weft.fallback.weaver.ClassWeaver;
import dev.weft.internal.Fiber;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClassDirectoryWeaver} on copies of the fixture classes under {@code example} (compiled
 * with these tests) and on the real weft-api classes.
 */
class ClassDirectoryWeaverTest {
    private static final List<String> NONE = Collections.emptyList();
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path temp;

    private Path classes;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void copyFixtures() throws IOException {
        classes = temp.resolve("classes");
        copy("example/app", classes);
        copy("example/lib", classes);
    }

    @Test
    void weavesEachClassThatCanSuspendAndLeavesTheRestAsTheyWere() throws IOException {
        byte[] constants = read("example/app/Constants.class");

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, noPaths(), noPaths());

        assertEquals(Arrays.asList("example.app.Worker", "example.app.sub.Deep", "example.lib.Helper"), r.woven());
        assertEquals(1, r.unchanged());
        assertEquals(0, r.alreadyWoven());
        assertEquals(0, r.excluded());
        assertEquals(NONE, r.failures());
        assertTrue(ClassWeaver.isWoven(read("example/app/Worker.class")));
        assertTrue(ClassWeaver.isWoven(read("example/app/sub/Deep.class")));
        assertTrue(ClassWeaver.isWoven(read("example/lib/Helper.class")));
        assertArrayEquals(constants, read("example/app/Constants.class"));
        assertEquals(Arrays.asList("woven example.app.Worker", "woven example.app.sub.Deep", "woven example.lib.Helper"),
                log);
    }

    @Test
    void aSecondRunWritesNothing() throws IOException {
        weaver(NONE, NONE).weave(classes, noPaths(), noPaths());
        Map<String, byte[]> before = contents(classes);
        touchAll(classes, LONG_AGO);
        log.clear();

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, noPaths(), noPaths());

        assertTrue(r.changedNothing());
        assertEquals(NONE, r.woven());
        assertEquals(3, r.alreadyWoven());
        assertEquals(1, r.unchanged());
        assertEquals(NONE, log);
        assertSameFiles(before, contents(classes));
        assertUntouched(classes, LONG_AGO);
        assertEquals("0 classes woven, 3 already woven, 1 with nothing that can suspend, 0 excluded;"
                + " weft's own classes: 0 written, 0 already in place", r.summary());
    }

    @Test
    void includesAndExcludesMeanWhatTheAgentOptionsMean() throws IOException {
        byte[] helper = read("example/lib/Helper.class");
        byte[] deep = read("example/app/sub/Deep.class");

        ClassDirectoryWeaver.Result r = weaver(Collections.singletonList("example.app"),
                Collections.singletonList("example.app.sub")).weave(classes, noPaths(), noPaths());

        assertEquals(Collections.singletonList("example.app.Worker"), r.woven());
        assertEquals(2, r.excluded());
        assertEquals(1, r.unchanged());
        assertArrayEquals(helper, read("example/lib/Helper.class"));
        assertArrayEquals(deep, read("example/app/sub/Deep.class"));
    }

    @Test
    void aMoreSpecificIncludeWinsOverAnExclude() throws IOException {
        ClassDirectoryWeaver.Result r = weaver(Collections.singletonList("example.app.sub"),
                Collections.singletonList("example")).weave(classes, noPaths(), noPaths());

        assertEquals(Collections.singletonList("example.app.sub.Deep"), r.woven());
        assertEquals(3, r.excluded());
    }

    @Test
    void aCorruptClassFileIsReportedWithItsNameAndTheOthersAreStillWoven() throws IOException {
        Path broken = classes.resolve("example/app/Broken.class");
        Files.write(broken, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0});

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, noPaths(), noPaths());

        assertEquals(1, r.failures().size(), r.failures().toString());
        String failure = r.failures().get(0);
        assertTrue(failure.startsWith("example.app.Broken (" + broken + "): "), failure);
        assertEquals(Arrays.asList("example.app.Worker", "example.app.sub.Deep", "example.lib.Helper"), r.woven());
        assertTrue(r.summary().endsWith("; 1 FAILED"), r.summary());
    }

    @Test
    void aClassWhoseTypesCannotBeMergedIsReportedWithTheMissingClass() throws IOException {
        copy("example/needs", classes); // but not example/missing, which Merge needs

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, noPaths(), noPaths());

        assertEquals(1, r.failures().size(), r.failures().toString());
        String failure = r.failures().get(0);
        assertTrue(failure.startsWith("example.needs.Merge (" + classes.resolve("example/needs/Merge.class") + "): "
                + "weft weaver: cannot analyse example.needs.Merge.pick(ZLjava/lang/Runnable;)Ljava/lang/Object;"),
                failure);
        assertTrue(failure.contains("cannot find the class file of example.missing.Left (the weaver reads it to merge the types")
                && failure.contains("in the weaving class path [file:"),
                failure);
        assertFalse(failure.contains("caused by"), "the causes repeat the message: " + failure);
        assertFalse(ClassWeaver.isWoven(read("example/needs/Merge.class")), "a failed class must stay as it was");
    }

    @Test
    void theSameClassWeavesOnceTheMissingClassesAreOnTheClassPath() throws IOException {
        copy("example/needs", classes);
        Path lib = temp.resolve("lib");
        copy("example/missing", lib);

        ClassDirectoryWeaver.Result r = new ClassDirectoryWeaver(new WeavingFilter(NONE, NONE),
                Collections.singletonList(lib), log::add).weave(classes, noPaths(), noPaths());

        assertEquals(NONE, r.failures());
        assertTrue(r.woven().contains("example.needs.Merge"), r.woven().toString());
    }

    @Test
    void weftsOwnClassesAreWrittenWovenOnceAndNeverItsRuntime() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(FallbackBackend.class), root(org.slf4j.Logger.class));

        ClassDirectoryWeaver.Result first = weaver(NONE, NONE).weave(classes, weft, noPaths());

        assertEquals(NONE, first.failures());
        assertTrue(first.weftWoven().contains("dev.weft.internal.Fiber"), first.weftWoven().toString());
        assertTrue(first.weftWoven().contains("dev.weft.Channel"), first.weftWoven().toString());
        for (String name : first.weftWoven()) {
            assertTrue(name.startsWith("dev.weft."), name);
            assertFalse(name.startsWith("dev.weft.fallback.") || name.startsWith("dev.weft.maven."), name);
            assertTrue(ClassWeaver.isWoven(read(name.replace('.', '/') + ".class")), name);
        }
        assertFalse(Files.exists(classes.resolve("dev/weft/fallback")), "weft's runtime must never be copied");
        assertTrue(log.contains("woven dev.weft.internal.Fiber (weft's own class, from " + root(Fiber.class) + ")"),
                log.toString());

        Map<String, byte[]> before = contents(classes);
        touchAll(classes, LONG_AGO);
        ClassDirectoryWeaver.Result second = weaver(NONE, NONE).weave(classes, weft, noPaths());

        assertTrue(second.changedNothing(), second.summary());
        assertEquals(first.weftWoven().size(), second.weftPresent());
        assertEquals(first.weftWoven().size() + 3, second.alreadyWoven());
        assertSameFiles(before, contents(classes));
        assertUntouched(classes, LONG_AGO);
    }

    @Test
    void aStaleCopyOfAWeftClassIsReplaced() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(org.slf4j.Logger.class));
        weaver(NONE, NONE).weave(classes, weft, noPaths());
        Path fiber = classes.resolve("dev/weft/internal/Fiber.class");
        byte[] good = Files.readAllBytes(fiber);
        // Marked, but not what this weft-api's Fiber weaves to: as a copy from an older weft version would be.
        Files.copy(classes.resolve("dev/weft/Channel.class"), fiber, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, weft, noPaths());

        assertEquals(Collections.singletonList("dev.weft.internal.Fiber"), r.weftWoven());
        assertArrayEquals(good, Files.readAllBytes(fiber));
    }

    @Test
    void aStaleCopyOfAWeftClassThatNoLongerNeedsWeavingIsRemoved() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(org.slf4j.Logger.class));
        ClassDirectoryWeaver.Result first = weaver(NONE, NONE).weave(classes, weft, noPaths());
        assertFalse(first.weftWoven().contains("dev.weft.DeadlockException"), "the fixture assumes it needs no weaving");
        // A marked file under the name of a weft-api class that needs no weaving, as an older weft could have left.
        Path stale = classes.resolve("dev/weft/DeadlockException.class");
        Files.copy(classes.resolve("dev/weft/Channel.class"), stale);

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, weft, noPaths());

        assertEquals(Collections.singletonList("dev.weft.DeadlockException"), r.weftRemoved());
        assertFalse(Files.exists(stale));
        assertFalse(r.changedNothing());
        assertTrue(r.summary().endsWith(", 1 stale copies removed"), r.summary());
    }

    @Test
    void aWovenCopyOfAWeftClassThatThisWeftVersionNoLongerHasIsRemoved() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(org.slf4j.Logger.class));
        weaver(NONE, NONE).weave(classes, weft, noPaths());
        // A marked file in a weft package under a name this weft-api does not have (an anonymous
        // class renumbered or a class removed since the copy was made).
        Path vanished = classes.resolve("dev/weft/internal/SchedulerCore$99.class");
        Files.copy(classes.resolve("dev/weft/Channel.class"), vanished);

        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(classes, weft, noPaths());

        assertEquals(Collections.singletonList("dev.weft.internal.SchedulerCore$99"), r.weftRemoved());
        assertFalse(Files.exists(vanished));
        assertEquals(NONE, r.woven(), "it is not counted as the project's own class either");
    }

    @Test
    void weftClassesAlreadyInTheMainClassesAreNotCopiedIntoTheTestClasses() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(org.slf4j.Logger.class));
        ClassDirectoryWeaver.Result main = weaver(NONE, NONE).weave(classes, weft, noPaths());
        Path testClasses = temp.resolve("test-classes");
        Files.createDirectories(testClasses);

        ClassDirectoryWeaver.Result tests = weaver(NONE, NONE).weave(testClasses, weft,
                Collections.singletonList(classes));

        assertEquals(NONE, tests.weftWoven());
        assertEquals(main.weftWoven().size(), tests.weftPresent());
        assertFalse(Files.exists(testClasses.resolve("dev")));
    }

    /** As weave-tests calls it: the test class path lists the main classes before the weft-api jar. */
    @Test
    void wovenCopiesEarlierOnTheClassPathServeAndNothingIsCopied() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(org.slf4j.Logger.class));
        ClassDirectoryWeaver.Result main = weaver(NONE, NONE).weave(classes, weft, noPaths());
        Path testClasses = temp.resolve("test-classes");
        Files.createDirectories(testClasses);

        ClassDirectoryWeaver.Result tests = weaver(NONE, NONE).weave(testClasses,
                Arrays.asList(testClasses, classes, root(Fiber.class), root(org.slf4j.Logger.class)),
                Collections.singletonList(classes));

        assertEquals(NONE, tests.failures());
        assertEquals(NONE, tests.weftWoven());
        assertEquals(main.weftWoven().size(), tests.weftPresent());
        assertFalse(Files.exists(testClasses.resolve("dev")));
    }

    @Test
    void withoutTheMainClassesTheTestClassesGetTheirOwnCopies() throws Exception {
        List<Path> weft = Arrays.asList(root(Fiber.class), root(org.slf4j.Logger.class));
        Path testClasses = temp.resolve("test-classes");
        Files.createDirectories(testClasses);

        ClassDirectoryWeaver.Result tests = weaver(NONE, NONE).weave(testClasses, weft,
                Collections.singletonList(temp.resolve("no-such-directory")));

        assertTrue(tests.weftWoven().contains("dev.weft.internal.Fiber"), tests.weftWoven().toString());
        assertTrue(ClassWeaver.isWoven(Files.readAllBytes(testClasses.resolve("dev/weft/internal/Fiber.class"))));
    }

    @Test
    void aMissingDirectoryIsNothingToWeave() {
        ClassDirectoryWeaver.Result r = weaver(NONE, NONE).weave(temp.resolve("absent"), noPaths(), noPaths());

        assertTrue(r.changedNothing());
        assertEquals(0, r.unchanged() + r.alreadyWoven() + r.excluded());
    }

    // ------------------------------------------------------------------ helpers

    private ClassDirectoryWeaver weaver(List<String> include, List<String> exclude) {
        return new ClassDirectoryWeaver(new WeavingFilter(include, exclude), Collections.<Path>emptyList(), log::add);
    }

    private static List<Path> noPaths() {
        return Collections.emptyList();
    }

    private byte[] read(String relative) throws IOException {
        return Files.readAllBytes(classes.resolve(relative));
    }

    /** Copies the compiled fixtures of one package (and its subpackages) into {@code to}. */
    private static void copy(String pkg, Path to) throws IOException {
        Path testClasses;
        try {
            testClasses = root(ClassDirectoryWeaverTest.class);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path from = testClasses.resolve(pkg);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Path target = to.resolve(testClasses.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    private static Path root(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
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

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k), actual.get(k), k);
        }
    }

    private static void touchAll(Path root, FileTime time) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Files.setLastModifiedTime(p, time);
            }
        }
    }

    /** No file was rewritten: every modification time is still {@code time}. */
    private static void assertUntouched(Path root, FileTime time) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertEquals(time, Files.getLastModifiedTime(p), p + " was written");
            }
        }
    }
}
