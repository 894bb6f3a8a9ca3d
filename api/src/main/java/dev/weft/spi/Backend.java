package dev.weft.spi;

/**
 * A way of making {@linkplain Strand strands}, found with {@link java.util.ServiceLoader}
 * (register implementations in {@code META-INF/services/dev.weft.spi.Backend}).
 *
 * <p>Implementations must have a public no-argument constructor that succeeds on any JDK the
 * weft API supports (Java 8+); a backend that cannot run in this JVM says why in
 * {@link #unavailableReason()} instead of failing to load.
 */
public abstract class Backend {
    /** The backend's name, as used by {@code -Dweft.backend=NAME}: {@code "loom"}, {@code "fallback"}. */
    public abstract String name();

    /** Higher wins when the user does not choose a backend. */
    public abstract int priority();

    /**
     * {@code null} if this backend can run in this JVM; otherwise a sentence for a person saying
     * why not and exactly what to add (a JVM flag, a Java agent, a newer JDK).
     */
    public abstract String unavailableReason();

    /**
     * Creates the per-scheduler state. Called only when {@link #unavailableReason()} is null.
     */
    public abstract Carrier attach(CarrierHost host);

    @Override
    public String toString() {
        return name();
    }
}
