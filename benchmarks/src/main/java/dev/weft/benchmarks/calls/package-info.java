/**
 * Code that the fallback forks' agent never weaves ({@code Jvm.NEVER_WOVEN}).
 *
 * <ul>
 *   <li>{@link dev.weft.benchmarks.calls.Fib} and {@link dev.weft.benchmarks.calls.Checksum}:
 *       call-heavy code that never suspends, the "not woven" contenders of
 *       {@code WovenCallBenchmark} as javac wrote them; the benchmark weaves a second copy of the
 *       very same class files itself ({@code WovenCopy}), so the two differ only by the
 *       weaving.</li>
 *   <li>{@link dev.weft.benchmarks.calls.JdkGenerator}: the JDK-continuation generator of
 *       {@code GeneratorCheck}, which runs in a JVM with the agent.</li>
 * </ul>
 */
package dev.weft.benchmarks.calls;
