@file:JvmName("KotlinRendezvous")

package dev.weft.benchmarks.kotlin

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch

private val MESSAGE = Any()

/**
 * Workload "rendezvous ping-pong": the root coroutine sends one preallocated message to an echo
 * coroutine over a rendezvous [Channel] and receives it back over another, [roundTrips] times.
 * Returns the number of round trips; a wrong message fails with [IllegalStateException].
 */
fun rendezvousPingPong(dispatch: KotlinDispatch, roundTrips: Int): Int = dispatch.runBlockingOn {
    val ping = Channel<Any>(Channel.RENDEZVOUS)
    val pong = Channel<Any>(Channel.RENDEZVOUS)
    val echo = launch {
        for (i in 0 until roundTrips) {
            pong.send(ping.receive())
        }
    }
    var trips = 0
    for (i in 0 until roundTrips) {
        ping.send(MESSAGE)
        if (pong.receive() !== MESSAGE) {
            throw IllegalStateException("kotlin rendezvous: wrong message in round trip $i")
        }
        trips++
    }
    echo.join()
    trips
}
