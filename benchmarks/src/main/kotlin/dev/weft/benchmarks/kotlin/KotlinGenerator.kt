@file:JvmName("KotlinGenerator")

package dev.weft.benchmarks.kotlin

/**
 * Workload "generator round trip": an endless [sequence] whose body yields [value] forever from
 * [depth] nested suspend calls below it (depth 1: the body calls one function that yields in a
 * loop). No dispatcher is involved: `sequence {}` is resumed by the caller of `next()`.
 *
 * Each intermediate call has code after it, so it is a real suspend frame (a continuation object),
 * not a tail call the compiler could collapse. Once suspended, kotlin resumes only the innermost
 * frame on each `next()`: the outer ones stay suspended until it returns, which it never does.
 */
fun sequenceIterator(depth: Int, value: Int): Iterator<Int> {
    require(depth >= 1) { "depth must be at least 1, was $depth" }
    return sequence { descend(depth, value) }.iterator()
}

private suspend fun SequenceScope<Int>.descend(depth: Int, value: Int) {
    if (depth > 1) {
        descend(depth - 1, value)
        throw IllegalStateException("kotlin generator: the innermost frame returned, but it yields forever")
    }
    while (true) {
        yield(value)
    }
}
