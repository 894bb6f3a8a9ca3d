/**
 * The fallback backend's weaver: rewrites methods that can reach a suspension point so that a
 * suspension saves their frames and a resume rebuilds them.
 *
 * <p>A pipeline of small passes, each testable alone: {@code MonitorRewriting} (cooperative
 * monitors), {@link dev.weft.fallback.weaver.SuspensionPoints} (find the calls after which a
 * method may have to save itself, narrowed by {@code IntraClassCalls}: an exact call to a method
 * of the same class that cannot suspend is not one),
 * {@link dev.weft.fallback.weaver.NewRelocation} (no uninitialized object across a call),
 * {@link dev.weft.fallback.weaver.CallSpilling} (receiver and arguments into locals),
 * {@link dev.weft.fallback.weaver.FrameAnalysis} and {@link dev.weft.fallback.weaver.Liveness}
 * (what to save, with which types), {@link dev.weft.fallback.weaver.MethodRewriter} (capture,
 * dispatch, restore), driven class by class by {@link dev.weft.fallback.weaver.ClassWeaver}, which
 * also routes method references to other classes through
 * {@code ForeignMethodReferences} and marks the class. Verification is done in the tests
 * (ASM's CheckClassAdapter, then the JVM's verifier).
 */
package dev.weft.fallback.weaver;
