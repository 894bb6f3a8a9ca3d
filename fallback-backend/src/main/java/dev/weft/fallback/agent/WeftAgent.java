package dev.weft.fallback.agent;

import java.lang.instrument.Instrumentation;

/**
 * The Java agent that weaves classes as they load, so that microthreads on the fallback backend
 * can suspend in them:
 *
 * <pre>
 *   java -javaagent:weft-fallback-&lt;version&gt;.jar[=OPTIONS] ...
 * </pre>
 *
 * OPTIONS, separated by commas:
 * <ul>
 *   <li>{@code include=PACKAGES}: weave only classes in these packages (and their
 *       subpackages), separated by {@code :}, for example {@code include=com.example:org.acme}.
 *       weft's own packages are always woven. Without {@code include}, every class that is not
 *       excluded is woven.</li>
 *   <li>{@code exclude=PACKAGES}: never weave these packages (a more specific include wins).
 *       The JDK's packages, weft's runtime and a few test and logging libraries are always
 *       excluded ({@link WeavingFilter#ALWAYS_EXCLUDED}).</li>
 *   <li>{@code verbose}: print one line per woven class, and a summary on exit, to
 *       {@code System.err}.</li>
 * </ul>
 *
 * A class that cannot be woven is loaded as it is and reported on {@code System.err}; a
 * microthread that later tries to suspend in it gets an exception naming the frame.
 */
public final class WeftAgent {
    private WeftAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        AgentOptions options = AgentOptions.parse(args);
        inst.addTransformer(new WeavingTransformer(options), false);
    }

    /** Loading the agent into a running JVM would leave already loaded classes unwoven. */
    public static void agentmain(String args, Instrumentation inst) {
        throw new IllegalStateException("weft's agent cannot be attached to a running JVM: classes already loaded"
                + " (weft's own among them) could not be woven. Start the JVM with -javaagent:weft-fallback-<version>.jar.");
    }
}
