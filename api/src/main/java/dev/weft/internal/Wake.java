package dev.weft.internal;

/** Why a parked fiber was woken. */
public enum Wake {
    /** A partner arrived, a permit was handed over, a joined microthread ended. */
    SIGNAL,
    /** The deadline passed. */
    TIMEOUT,
    /** The microthread was interrupted while waiting interruptibly. */
    INTERRUPT
}
