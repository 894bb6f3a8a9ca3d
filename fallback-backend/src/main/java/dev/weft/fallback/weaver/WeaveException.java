package dev.weft.fallback.weaver;

/** A class or method the weaver cannot rewrite; the message names it and says why. */
public final class WeaveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WeaveException(String message) {
        super(message);
    }

    public WeaveException(String message, Throwable cause) {
        super(message, cause);
    }
}
