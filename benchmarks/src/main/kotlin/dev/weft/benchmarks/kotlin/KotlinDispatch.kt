package dev.weft.benchmarks.kotlin

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Where a kotlinx.coroutines contender runs its coroutines. Each contender call is one
 * [runBlocking] on the calling thread (the JMH benchmark thread), which returns when the body and
 * every coroutine launched in it have completed, as weft's `Scheduler.run` does.
 */
enum class KotlinDispatch {
    /**
     * runBlocking's own event loop: every coroutine runs on the calling thread, FIFO, one at a
     * time, the counterpart of weft's single carrier and of a single-carrier virtual-thread
     * scheduler. Nothing is created or torn down between invocations.
     */
    SINGLE_THREAD,

    /**
     * [Dispatchers.Default]: a shared pool with one worker per core (at least two); the calling
     * thread only waits. The counterpart of the JDK's default virtual-thread scheduler.
     */
    DEFAULT;

    /** Runs [body] as the root coroutine of this dispatch and returns its result. */
    fun <T> runBlockingOn(body: suspend CoroutineScope.() -> T): T = when (this) {
        SINGLE_THREAD -> runBlocking(block = body)
        DEFAULT -> runBlocking(Dispatchers.Default, body)
    }
}
