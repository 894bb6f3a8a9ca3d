package dev.weft.fallback.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The agent's parsed options (see {@link WeftAgent}); immutable. */
final class AgentOptions {
    final List<String> include;
    final List<String> exclude;
    final boolean verbose;

    private AgentOptions(List<String> include, List<String> exclude, boolean verbose) {
        this.include = Collections.unmodifiableList(include);
        this.exclude = Collections.unmodifiableList(exclude);
        this.verbose = verbose;
    }

    /**
     * @param args the text after {@code =} in {@code -javaagent:jar=args}, or null
     * @throws IllegalArgumentException naming an unknown option or an empty package list
     */
    static AgentOptions parse(String args) {
        List<String> include = new ArrayList<String>();
        List<String> exclude = new ArrayList<String>();
        boolean verbose = false;
        if (args != null) {
            for (String option : args.split(",")) {
                String o = option.trim();
                if (o.isEmpty()) {
                    continue;
                }
                if (o.equals("verbose")) {
                    verbose = true;
                } else if (o.startsWith("include=")) {
                    include.addAll(packages(o, "include="));
                } else if (o.startsWith("exclude=")) {
                    exclude.addAll(packages(o, "exclude="));
                } else {
                    throw new IllegalArgumentException("weft agent: unknown option '" + o + "' in -javaagent:...=" + args
                            + "; the options are include=PACKAGES, exclude=PACKAGES (packages separated by ':')"
                            + " and verbose, separated by ','");
                }
            }
        }
        return new AgentOptions(include, exclude, verbose);
    }

    private static List<String> packages(String option, String key) {
        List<String> result = new ArrayList<String>();
        for (String p : option.substring(key.length()).split(":")) {
            String name = p.trim();
            if (!name.isEmpty()) {
                result.add(name);
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("weft agent: option '" + option + "' names no package; write e.g. "
                    + key + "com.example:org.acme");
        }
        return result;
    }
}
