package dev.weft.examples.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Microthread;
import dev.weft.Scheduler;
import dev.weft.examples.fallback.unwoven.Callbacks;
import dev.weft.fallback.Woven;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a missing weave looks like: a clear error, never a hang or a stray exception. */
class UnwovenTest {

    /**
     * weft's classes as published (the weft-api jar, unwoven) with the fallback backend and no
     * agent, in a class loader of their own: the backend refuses to run and names both fixes.
     */
    @Test
    void unwovenWeftClassesMakeTheBackendNameTheAgentAndThePlugin() throws Exception {
        URL api = rootOf("dev/weft/internal/Fiber.class", true);
        URL fallback = rootOf("dev/weft/fallback/FallbackBackend.class", false);
        try (URLClassLoader plain = new URLClassLoader(new URL[] {api, fallback}, ClassLoader.getPlatformClassLoader())) {
            Class<?> fiber = plain.loadClass("dev.weft.internal.Fiber");
            assertFalse(fiber.isAnnotationPresent(plain.loadClass(Woven.class.getName()).asSubclass(
                    java.lang.annotation.Annotation.class)), "the weft-api jar itself must stay unwoven");
            Class<?> scheduler = plain.loadClass("dev.weft.Scheduler");
            Object builder = scheduler.getMethod("builder").invoke(null);
            builder.getClass().getMethod("backend", String.class).invoke(builder, "fallback");
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> builder.getClass().getMethod("build").invoke(builder));
            IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause());
            String m = ise.getMessage();
            assertTrue(m.startsWith("weft backend 'fallback' was requested but cannot run in this JVM: weft's classes are"
                    + " not woven (dev.weft.internal.Fiber was loaded unwoven)"), m);
            assertTrue(m.contains("-javaagent:weft-fallback-<version>.jar"), m);
            assertTrue(m.contains("dev.weft:weft-maven-plugin (goals weave and weave-tests)"), m);
            assertTrue(m.contains("must come before the weft-api jar on the class path"), m);
        }
    }

    /**
     * A package the pom excludes from weaving: suspending through its frame fails with an
     * exception that names the frame, and the microthread's caller sees it.
     */
    @Test
    void suspendingThroughAnExcludedClassNamesTheFrame() {
        assertFalse(Callbacks.class.isAnnotationPresent(Woven.class), "the excluded package was woven");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Scheduler.builder().virtualTime().build().run(() -> {
            Microthread.start(() -> {
                events.add("before");
                try {
                    Callbacks.call(Microthread::yield);
                    events.add("after");
                } catch (RuntimeException e) {
                    failure.set(e);
                    events.add("refused");
                }
            }).join();
        });
        assertEquals(List.of("before", "refused"), events);
        Throwable e = failure.get();
        assertNotNull(e);
        String m = e.getMessage();
        assertTrue(m.contains("dev.weft.examples.fallback.unwoven.Callbacks.call"), m);
        assertTrue(m.contains("not woven"), m);
    }

    /** The root (jar or class directory) that holds {@code resource}; the one outside target/classes if asked. */
    private static URL rootOf(String resource, boolean outsideThisProject) throws Exception {
        List<URL> found = Collections.list(UnwovenTest.class.getClassLoader().getResources(resource));
        for (URL u : found) {
            String s = u.toString();
            if (outsideThisProject && s.contains("fallback-example/target/")) {
                continue;
            }
            if (s.startsWith("jar:")) {
                return new URL(s.substring("jar:".length(), s.indexOf("!/")));
            }
            return new URL(s.substring(0, s.length() - resource.length()));
        }
        throw new AssertionError(resource + " not found outside this project in " + found);
    }
}
