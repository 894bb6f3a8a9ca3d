package dev.weft;

/**
 * Thrown by a {@link Channel} operation that can never succeed because the channel is closed:
 * a send (or a {@link Select} send clause) on a channel closed for sending, or a receive on a
 * channel that is closed and drained.
 *
 * <p>When the channel was closed with {@link Channel#close(Throwable) close(cause)}, that cause
 * is this exception's {@linkplain #getCause() cause}, unwrapped and with its own stack intact, so
 * a reader learns why the producer stopped. After a plain {@link Channel#close()}, the cause is
 * null.
 *
 * <p>Each failing operation throws a new instance, so its stack trace shows where that
 * operation was called. It is an {@link IllegalStateException}: the channel is in a state that
 * does not allow the operation.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was attempted on which channel
     */
    public ChannelClosedException(String message) {
        super(message);
    }

    /**
     * @param message what was attempted on which channel
     * @param cause the failure the channel was closed with, or null
     */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
