@file:JvmName("KotlinSkynet")

package dev.weft.benchmarks.kotlin

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch

/**
 * Workload "skynet": a tree of coroutines over the numbers `0 until size`, [branches] children per
 * node, each child [launch]ed by its parent (so the job tree is the skynet tree); a leaf sends its
 * number to its parent's buffered [Channel] of capacity [branches], a node the sum of its
 * children's. The root node runs in the root coroutine and sends to a channel of capacity 1.
 * Returns the root's sum (the caller checks it).
 */
fun skynet(dispatch: KotlinDispatch, size: Int, branches: Int): Long = dispatch.runBlockingOn {
    val result = Channel<Long>(1)
    node(result, 0, size, branches)
    result.receive()
}

private suspend fun CoroutineScope.node(parent: SendChannel<Long>, first: Long, size: Int, branches: Int) {
    if (size == 1) {
        parent.send(first)
        return
    }
    val children = Channel<Long>(branches)
    val childSize = size / branches
    for (i in 0 until branches) {
        val childFirst = first + i.toLong() * childSize
        launch { node(children, childFirst, childSize, branches) }
    }
    var sum = 0L
    for (i in 0 until branches) {
        sum += children.receive()
    }
    parent.send(sum)
}
