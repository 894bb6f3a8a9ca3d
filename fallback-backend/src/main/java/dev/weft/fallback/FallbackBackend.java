package dev.weft.fallback;

import dev.weft.internal.Fiber;
import dev.weft.spi.Backend;
import dev.weft.spi.Carrier;
import dev.weft.spi.CarrierHost;

/**
 * The fallback backend: every strand is a {@link Continuation} over woven code, run on the
 * scheduler's carrier thread. Works on any JDK from 8 on.
 *
 * <p>Two things must hold for it to be available, and {@link #unavailableReason()} names the one
 * that does not:
 * <ul>
 *   <li>weft's own classes are woven: every frame between a microthread's body and its
 *       suspension, including the scheduler core's, must be resumable. The Java agent
 *       ({@code -javaagent:weft-fallback-<version>.jar}) weaves them as they load; without
 *       it, weft-maven-plugin's woven copies must come first on the class path;</li>
 *   <li>the carrier thread's thread-local maps can be swapped, so that each microthread has its
 *       own {@code ThreadLocal} values ({@link ThreadLocalMaps}; on JDK 9+ this needs
 *       {@code --add-opens java.base/java.lang=ALL-UNNAMED}).</li>
 * </ul>
 */
public final class FallbackBackend extends Backend {
    static final String AGENT_HELP = "either start the JVM with the agent, -javaagent:weft-fallback-<version>.jar"
            + " (the jar of dev.weft:weft-fallback), or weave at build time with dev.weft:weft-maven-plugin (goals"
            + " weave and weave-tests), which also writes woven copies of weft's own classes into target/classes:"
            + " those must come before the weft-api jar on the class path";

    @Override
    public String name() {
        return "fallback";
    }

    /** Below loom: on a JDK that has both, the default is loom. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String unavailableReason() {
        if (!isWoven(Fiber.class)) {
            return "weft's classes are not woven (" + Fiber.class.getName() + " was loaded unwoven), so microthreads"
                    + " could not suspend; " + AGENT_HELP;
        }
        return ThreadLocalMaps.unavailableReason();
    }

    static boolean isWoven(Class<?> c) {
        return c.isAnnotationPresent(Woven.class);
    }

    @Override
    public Carrier attach(CarrierHost host) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException("weft's fallback backend cannot run: " + reason);
        }
        return new FallbackCarrier(host);
    }
}
