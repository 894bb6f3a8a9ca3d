package dev.weft.examples.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Generator;
import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.fallback.Woven;
import dev.weft.internal.Fiber;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * This module's classes were woven by weft-maven-plugin at build time; these tests run them on
 * the fallback backend in a JVM started without an agent.
 */
class BuildTimeWovenTest {

    @Test
    void jvmHasNoAgentAndRunsJdk17() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            assertFalse(arg.startsWith("-javaagent"), "the test JVM must run without an agent: " + arg);
        }
        assertEquals("17", System.getProperty("java.specification.version"));
    }

    @Test
    void defaultSchedulerRunsOnFallback() {
        assertEquals("fallback", Tour.backend());
    }

    @Test
    void weftsOwnClassesAreTheWovenCopiesInTargetClasses() throws Exception {
        assertTrue(Fiber.class.isAnnotationPresent(Woven.class), "dev.weft.internal.Fiber is not woven");
        Path from = Paths.get(Fiber.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path tourFrom = Paths.get(Tour.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(tourFrom, from, "Fiber must be loaded from this project's target/classes");
        assertTrue(from.endsWith(Paths.get("target", "classes")), from.toString());
    }

    @Test
    void projectClassesAreMarked() {
        assertTrue(Tour.class.isAnnotationPresent(Woven.class));
        assertTrue(Arrays.asList(Tour.class.getAnnotation(Woven.class).methods()).contains("work"));
        assertTrue(BuildTimeWovenTest.class.isAnnotationPresent(Woven.class), "weave-tests did not weave the tests");
    }

    @Test
    void microthreadsTakeTurnsOnTheVirtualClock() {
        assertEquals(Arrays.asList(
                "a0 at 0", "b0 at 0",
                "a1 at 10", "b1 at 15",
                "joined at 30"), Tour.microthreads());
    }

    @Test
    void generatorYieldsFromRecursionAndCoroutineKeepsATotal() {
        assertEquals(Arrays.asList(
                "leaf 1", "leaf 2", "leaf 3", "leaf 4", "leaf 5",
                "total 1", "total 3", "total 6", "total -10"), Tour.coroutines());
    }

    @Test
    void pipelineOfChannelsDeliversInOrderOnTheVirtualClock() {
        assertEquals(Arrays.asList(
                "sent 1 at 0", "got 1 at 0",
                "sent 2 at 100", "got 4 at 100",
                "sent 3 at 200", "got 9 at 200",
                "sent 4 at 300", "got 16 at 300",
                "closed at 400"), Tour.channels());
    }

    /** A generator whose body lives in this test class: woven by weave-tests, not weave. */
    @Test
    void testClassesAreWovenToo() {
        List<String> events = new ArrayList<>();
        Scheduler.builder().virtualTime().build().run(() -> {
            try (Generator<String> g = Generator.of(y -> countdown(3, y))) {
                for (String s : g) {
                    events.add(s);
                    Microthread.yield();
                }
            }
        });
        assertEquals(Arrays.asList("3", "2", "1", "liftoff"), events);
    }

    private static void countdown(int n, Generator.Yielder<String> y) {
        if (n == 0) {
            y.yield("liftoff");
            return;
        }
        y.yield(String.valueOf(n));
        countdown(n - 1, y);
    }
}
