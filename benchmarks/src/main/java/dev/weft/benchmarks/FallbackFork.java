package dev.weft.benchmarks;

import dev.weft.fallback.Woven;
import java.io.File;

/** Checks, in a fork of a fallback contender, that weft's agent is there and has woven what it must. */
final class FallbackFork {
    private FallbackFork() {
    }

    /**
     * @param benchmark the benchmark class, which must have been woven as it loaded (its bodies
     *        suspend, or, for {@link WovenCallBenchmark}, it proves the agent ran)
     * @throws IllegalStateException naming the missing jar or the class left unwoven, and the fix
     */
    static void requireWoven(Class<?> benchmark) {
        if (benchmark.isAnnotationPresent(Woven.class)) {
            return;
        }
        File jar = new File(AgentJar.PATH);
        throw new IllegalStateException(benchmark.getName() + " was not woven in this fork, so weft's fallback agent"
                + " did not run: the fork should start with " + Jvm.FALLBACK_AGENT
                + (jar.isFile() ? "" : " but that jar does not exist (build it: mvn -B -ntp -pl benchmarks -am package"
                        + " -DskipTests)"));
    }
}
