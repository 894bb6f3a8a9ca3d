package dev.weft.difftest;

/** The failure a {@link Op.Fail} throws; its message ({@code fail-ID}) identifies the operation. */
public final class DiffFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message {@code fail-ID}, or what was thrown into a coroutine */
    public DiffFailure(String message) {
        super(message);
    }
}
