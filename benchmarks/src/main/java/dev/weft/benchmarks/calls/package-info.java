/**
 * Call-heavy code that never suspends, for {@code WovenCallBenchmark}. The fallback forks'
 * agent never weaves this package ({@code Jvm.NEVER_WOVEN}): the classes here are the "not woven"
 * contenders as javac wrote them, and the benchmark weaves a second copy of the very same class
 * files itself ({@code WovenCopy}), so the two differ only by the weaving.
 */
package dev.weft.benchmarks.calls;
