package dev.weft.loom;

import dev.weft.spi.Backend;
import dev.weft.spi.Carrier;
import dev.weft.spi.CarrierHost;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * The loom backend: every strand is a JDK virtual thread whose scheduler is weft's own
 * single-carrier executor ({@link LoomCarrier}).
 *
 * <p>The JDK creates such virtual threads only through the package-private constructor
 * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}, which needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}. Without it this backend reports itself
 * unavailable and says where to add the flag.
 */
public final class LoomBackend extends Backend {
    static final String OPENS_HELP = "add --add-opens java.base/java.lang=ALL-UNNAMED: on the java command line,"
            + " as 'Add-Opens: java.base/java.lang' in the manifest of an executable jar, or in Surefire's"
            + " <argLine> for tests";

    private static final Object ACCESS = probe();

    /** The builder constructor, or a String saying why it cannot be used. */
    private static Object probe() {
        if (Runtime.version().feature() < 21) {
            return "the loom backend needs JDK 21 or newer; this is Java " + Runtime.version();
        }
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> k = c.getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            Thread.Builder.OfVirtual probe = (Thread.Builder.OfVirtual) k.newInstance((Executor) Runnable::run);
            return k;
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("java.lang.reflect.InaccessibleObjectException")) {
                return "weft cannot create virtual threads with its own scheduler because java.lang is not open to it; "
                        + OPENS_HELP + ".";
            }
            return "this JVM does not let weft create virtual threads with its own scheduler (" + e
                    + "); use the fallback backend";
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UnsupportedOperationException) {
                return "this JVM does not support virtual threads (continuations are disabled); use the fallback backend";
            }
            return "this JDK's internals differ from what weft expects (" + cause
                    + "); use the fallback backend or report the JDK version";
        }
    }

    @Override
    public String name() {
        return "loom";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String unavailableReason() {
        return ACCESS instanceof String ? (String) ACCESS : null;
    }

    @Override
    public Carrier attach(CarrierHost host) {
        if (ACCESS instanceof String) {
            throw new IllegalStateException((String) ACCESS);
        }
        return new LoomCarrier(host, (Constructor<?>) ACCESS);
    }
}
