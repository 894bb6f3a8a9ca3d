package dev.weft.benchmarks;

/** The JVM flags of the benchmark forks. */
final class Jvm {
    /** weft's loom backend and the hand-written single-carrier executor build virtual threads reflectively. */
    static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** weft's loom backend and the raw Continuation contender use jdk.internal.vm. */
    static final String EXPORT_VM = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    /** Skynet's heap (its contenders on every backend): up to 1,111,111 threads of control alive at once. */
    static final String SKYNET_HEAP = "-Xmx4g";

    /**
     * Package never woven by the agent in the fallback forks: the plain copy of the code that
     * {@link WovenCallBenchmark} compares with a woven copy of itself.
     */
    static final String NEVER_WOVEN = "dev.weft.benchmarks.calls";

    /**
     * weft's fallback agent, only in the forks of the fallback contenders (a woven weft core would
     * slow the loom contenders down). It weaves weft and these benchmarks ({@code include=dev.weft}:
     * not JMH itself), but neither JMH's generated harness ({@code jmh_generated}: the measuring
     * loop is not the code under test) nor {@link #NEVER_WOVEN}.
     */
    static final String FALLBACK_AGENT = "-javaagent:" + AgentJar.PATH
            + "=include=dev.weft,exclude=dev.weft.benchmarks.jmh_generated:" + NEVER_WOVEN;

    private Jvm() {
    }
}
