package dev.weft.benchmarks;

/** The JVM flags every benchmark fork gets, whichever contender it measures. */
final class Jvm {
    /** weft's loom backend and the hand-written single-carrier executor build virtual threads reflectively. */
    static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** weft's loom backend and the raw Continuation contender use jdk.internal.vm. */
    static final String EXPORT_VM = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    private Jvm() {
    }
}
