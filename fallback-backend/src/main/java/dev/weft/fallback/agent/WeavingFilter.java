package dev.weft.fallback.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Which classes are woven, by package prefix: the agent's {@code include=} and {@code exclude=}
 * options, and the same parameters of weft-maven-plugin. The most specific (longest) matching
 * prefix decides; weft's own API packages ({@link #WEFT}) are always included, and
 * {@link #ALWAYS_EXCLUDED} always excluded. Without includes, every class that is not excluded is
 * woven. Immutable.
 */
public final class WeavingFilter {
    /**
     * Never woven: the platform (its class files may not be rewritten by an agent anyway), weft's
     * runtime, loom backend and Maven plugin, Maven's test launchers and SLF4J, which never run a microthread's
     * suspension. Test libraries are NOT on this list: a test calling {@code assertThrows(..., () ->
     * channel.receive())} inside a microthread suspends through JUnit's frame.
     */
    public static final List<String> ALWAYS_EXCLUDED = Collections.unmodifiableList(Arrays.asList(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.",
            "dev.weft.fallback.", "dev.weft.loom.", "dev.weft.maven.", "org.apache.maven.", "org.slf4j."));
    /** Always woven: the scheduler core and the primitives that microthreads suspend in. */
    public static final String WEFT = "dev.weft.";

    private final List<String> include;
    private final List<String> exclude;

    /**
     * @param include packages to weave (with their subpackages), e.g. {@code com.example}; empty
     *        for every package that is not excluded
     * @param exclude packages never to weave, unless a longer include names a subpackage
     */
    public WeavingFilter(List<String> include, List<String> exclude) {
        this.include = normalize(include);
        List<String> ex = new ArrayList<String>(ALWAYS_EXCLUDED);
        ex.addAll(normalize(exclude));
        this.exclude = ex;
    }

    /**
     * Whether the class is woven.
     *
     * @param className a binary name with dots, e.g. {@code com.example.Foo$1}
     */
    public boolean weaves(String className) {
        if (className.contains("$$Lambda")) {
            return false; // the JDK's lambda proxies are pure forwarding frames
        }
        int inc = longestMatch(include, className);
        if (className.startsWith(WEFT)) {
            inc = Math.max(inc, WEFT.length());
        } else if (include.isEmpty()) {
            inc = 0; // everything is included, at the weakest level
        }
        int exc = longestMatch(exclude, className);
        return inc >= 0 && inc > exc;
    }

    private static int longestMatch(List<String> prefixes, String className) {
        int best = -1;
        for (String p : prefixes) {
            if (className.startsWith(p) && p.length() > best) {
                best = p.length();
            }
        }
        return best;
    }

    private static List<String> normalize(List<String> packages) {
        List<String> result = new ArrayList<String>();
        for (String p : packages) {
            result.add(p.endsWith(".") ? p : p + ".");
        }
        return result;
    }
}
