@file:JvmName("KotlinFanIn")

package dev.weft.benchmarks.kotlin

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch

/**
 * Workload "fan-in": [producers] launched coroutines each send `0 until perProducer` into one
 * buffered [Channel] of capacity [capacity]; the root coroutine receives all
 * `producers * perProducer` messages. Returns their sum (the caller checks it).
 */
fun fanIn(dispatch: KotlinDispatch, producers: Int, perProducer: Int, capacity: Int): Long = dispatch.runBlockingOn {
    val ch = Channel<Int>(capacity)
    for (p in 0 until producers) {
        launch {
            for (i in 0 until perProducer) {
                ch.send(i)
            }
        }
    }
    var sum = 0L
    for (i in 0 until producers * perProducer) {
        sum += ch.receive()
    }
    sum
}
