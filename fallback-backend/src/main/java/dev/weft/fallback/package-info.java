/**
 * The fallback backend's runtime: what woven code calls.
 *
 * <p>{@link dev.weft.fallback.Continuation} runs a woven body and suspends it at
 * {@link dev.weft.fallback.Continuation#suspend()}; {@link dev.weft.fallback.FrameStack} holds the
 * frames a suspended body saved. The weaver lives in {@code dev.weft.fallback.weaver}. The SPI
 * {@code Strand} on top of these is not written yet (see the module's README).
 */
package dev.weft.fallback;
