@file:JvmName("KotlinSwitch")

package dev.weft.benchmarks.kotlin

import kotlinx.coroutines.launch
import kotlinx.coroutines.yield

/**
 * Workload "switch": the root coroutine and one launched coroutine each call [yield] [rounds]
 * times; returns the number of yields that came back (`2 * rounds`).
 *
 * On [KotlinDispatch.SINGLE_THREAD] the two must strictly alternate (the event loop is FIFO, so
 * every yield hands the thread to the other side): a shared step counter proves it and a yield
 * that did not switch fails the run with [IllegalStateException]. On [KotlinDispatch.DEFAULT]
 * the two may run at the same time on two workers, so only the per-side counts are checked.
 */
fun yieldPingPong(dispatch: KotlinDispatch, rounds: Int): Int = dispatch.runBlockingOn {
    val strict = dispatch == KotlinDispatch.SINGLE_THREAD
    val sides = Sides()
    val other = launch {
        for (i in 0 until rounds) {
            if (strict) sides.step(odd = true)
            yield()
            sides.roundsB++
        }
    }
    for (i in 0 until rounds) {
        if (strict) sides.step(odd = false)
        yield()
        sides.roundsA++
    }
    other.join()
    if (sides.roundsA != rounds || sides.roundsB != rounds) {
        throw IllegalStateException(
            "kotlin switch incomplete: ${sides.roundsA} / ${sides.roundsB} of $rounds yields per side")
    }
    sides.roundsA + sides.roundsB
}

/** The two sides' counters; [steps] is only touched when the sides strictly alternate. */
private class Sides {
    var roundsA = 0
    var roundsB = 0
    private var steps = 0

    /** The root side takes the even steps, the launched side the odd ones. */
    fun step(odd: Boolean) {
        if ((steps and 1 == 1) != odd) {
            throw IllegalStateException(
                "kotlin switch: yield did not switch coroutines (step $steps taken by the "
                    + (if (odd) "launched" else "root") + " side twice in a row)")
        }
        steps++
    }
}
