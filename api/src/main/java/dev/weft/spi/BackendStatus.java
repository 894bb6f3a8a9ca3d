package dev.weft.spi;

/** Whether an installed backend can run in this JVM, and if not, why. Immutable. */
public final class BackendStatus {
    private final String name;
    private final String reason;
    private final Backend backend;

    BackendStatus(String name, String reason, Backend backend) {
        this.name = name;
        this.reason = reason;
        this.backend = backend;
    }

    /** The backend's name ({@code "loom"}, {@code "fallback"}). */
    public String name() {
        return name;
    }

    /** Whether the backend can run in this JVM. */
    public boolean available() {
        return reason == null;
    }

    /** Why the backend cannot run and what to add; {@code null} if it is available. */
    public String reason() {
        return reason;
    }

    Backend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return available() ? name + ": available" : name + ": unavailable: " + reason;
    }
}
