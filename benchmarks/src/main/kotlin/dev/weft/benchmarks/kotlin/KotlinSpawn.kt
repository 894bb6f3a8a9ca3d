@file:JvmName("KotlinSpawn")

package dev.weft.benchmarks.kotlin

import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield

/**
 * Workload "spawn": [launch] [count] coroutines that each [yield] once, then join them all in
 * launch order. Returns the number that completed normally (a job completes normally only once
 * its body has returned, i.e. after its yield); anything else fails with [IllegalStateException].
 */
fun spawnAndJoin(dispatch: KotlinDispatch, count: Int): Int = dispatch.runBlockingOn {
    val all = arrayOfNulls<Job>(count)
    for (i in 0 until count) {
        all[i] = launch { yield() }
    }
    var completed = 0
    for (job in all) {
        job!!.join()
        if (!job.isCancelled) {
            completed++
        }
    }
    if (completed != count) {
        throw IllegalStateException("kotlin spawn: $completed of $count coroutines completed normally")
    }
    completed
}
