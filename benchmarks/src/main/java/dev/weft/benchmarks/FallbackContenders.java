package dev.weft.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The common ground of the fallback contenders of workloads 1, 2, 4, 5 and 6 (one subclass each,
 * named {@code Fallback<Workload>Benchmark}): the same JMH settings as the loom class of the
 * workload, forks started with weft's agent instead of the loom flags, and a check, before the
 * first measurement, that the agent wove the subclass. JMH applies these annotations and the
 * {@code @Setup} to every subclass; a subclass may override an annotation (the skynet one does,
 * for its time unit and heap). The body of each contender is its workload's {@code weft(backend)},
 * the same code as the loom contender's, called with {@code "fallback"}.
 *
 * <p>Java 17 source, like everything the fallback forks load: {@code run.sh} compiles these
 * classes again for its JDK 17 pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPEN_LANG, Jvm.FALLBACK_AGENT})
public abstract class FallbackContenders {
    /** The backend every subclass passes to its workload's body. */
    static final String BACKEND = "fallback";

    /**
     * @throws IllegalStateException if this fork did not weave the benchmark class, the direct
     *         subclass (JMH's generated harness subclasses it in turn, and is never woven; see
     *         {@link FallbackFork})
     */
    @Setup
    public void requireAgent() {
        Class<?> benchmark = getClass();
        while (benchmark.getSuperclass() != FallbackContenders.class) {
            benchmark = benchmark.getSuperclass();
        }
        FallbackFork.requireWoven(benchmark);
    }
}
