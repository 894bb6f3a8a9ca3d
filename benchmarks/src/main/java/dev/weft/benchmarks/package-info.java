/**
 * JMH benchmarks of weft against the mechanisms it is built on and the JDK's own primitives.
 *
 * <p>Every benchmark measures a batch per invocation (a fixed number of switches, round trips
 * or values, declared with {@code @OperationsPerInvocation}), so the score is the cost of one
 * operation with the set-up of the batch (a scheduler, two threads, a coroutine) spread over
 * thousands of operations. All contenders of a workload sit in one class so that one JMH run
 * measures them side by side, and they all fork with the same JVM flags ({@link Jvm}).
 */
package dev.weft.benchmarks;
