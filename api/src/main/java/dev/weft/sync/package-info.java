/**
 * Synchronisation for microthreads: {@link dev.weft.sync.Lock} and its
 * {@link dev.weft.sync.Condition}, {@link dev.weft.sync.Semaphore},
 * {@link dev.weft.sync.CountDownLatch} and {@link dev.weft.sync.Event}.
 *
 * <p>All of them follow the scheduling rules of weft (SPEC §2): waiters queue in FIFO order, a
 * release hands over directly to the oldest waiter (nobody barges), every wake-up appends the woken
 * microthread at the tail of the run queue while the waker keeps running, timeouts are measured on
 * the scheduler's clock, and a wait that can never end makes the scheduler throw
 * {@link dev.weft.DeadlockException} instead of hanging. Where a JDK interface exists it is
 * implemented ({@link java.util.concurrent.locks.Lock}, {@link java.util.concurrent.locks.Condition});
 * where a JDK class exists the method names and their interrupt rules are the same.
 *
 * <p>They are confined to one scheduler: used from a plain thread they throw
 * {@link java.lang.IllegalStateException}. A plain thread that must release a permit or set an
 * event can do it through a microthread it starts on the scheduler
 * ({@code scheduler.execute(event::set)}).
 */
package dev.weft.sync;
