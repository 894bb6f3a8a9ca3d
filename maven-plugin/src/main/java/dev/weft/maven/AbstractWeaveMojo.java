package dev.weft.maven;

import dev.weft.fallback.agent.WeavingFilter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What {@code weave} and {@code weave-tests} share: the parameters and the run. */
abstract class AbstractWeaveMojo extends AbstractMojo {
    /**
     * Weave only classes in these packages (and their subpackages), as the agent's
     * {@code include=} option. weft's own packages are always woven. Empty: every class that is
     * not excluded.
     */
    @Parameter(property = "weft.weave.includes")
    List<String> includes;

    /**
     * Never weave classes in these packages (a longer include wins), as the agent's
     * {@code exclude=} option. The JDK's packages, weft's runtime and a few build and logging
     * libraries are always excluded.
     */
    @Parameter(property = "weft.weave.excludes")
    List<String> excludes;

    /** Log one line per class written. */
    @Parameter(property = "weft.weave.verbose", defaultValue = "false")
    boolean verbose;

    /** Skip weaving. */
    @Parameter(property = "weft.weave.skip", defaultValue = "false")
    boolean skip;

    /**
     * Also write woven copies of weft's own classes (from the weft-api jar on the class path)
     * into the output directory, so that no agent is needed at run time. Turn it off only if
     * weft's classes are woven some other way (the agent, or another execution of this plugin).
     */
    @Parameter(property = "weft.weave.weft", defaultValue = "true")
    boolean weaveWeft;

    /** The directory woven in place. */
    abstract File directory();

    /** What the directory's classes are compiled against, including the directory itself. */
    abstract List<String> classpath();

    /** Directories whose identical woven copies of weft's classes need no second copy. */
    abstract List<File> alreadyIn();

    abstract String goal();

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("weft: weaving skipped (weft.weave.skip)");
            return;
        }
        File dir = directory();
        if (!dir.isDirectory()) {
            getLog().info("weft: nothing to weave, " + dir + " does not exist");
            return;
        }
        Set<Path> elements = new LinkedHashSet<>();
        for (String e : classpath()) {
            elements.add(new File(e).toPath());
        }
        List<Path> alreadyIn = new ArrayList<>();
        for (File f : alreadyIn()) {
            alreadyIn.add(f.toPath());
        }
        WeavingFilter filter = new WeavingFilter(nonNull(includes), nonNull(excludes));
        ClassDirectoryWeaver weaver = new ClassDirectoryWeaver(filter, new ArrayList<>(elements),
                verbose ? line -> getLog().info("weft: " + line) : line -> { });
        ClassDirectoryWeaver.Result result = weaver.weave(dir.toPath(),
                weaveWeft ? new ArrayList<>(elements) : Collections.<Path>emptyList(), alreadyIn);
        getLog().info("weft: " + dir + ": " + result.summary());
        if (weaveWeft && result.weftWoven().isEmpty() && result.weftPresent() == 0) {
            getLog().warn("weft: no class of weft's (dev.weft:weft-api) was found on the " + goal() + " class path, so"
                    + " none was woven into " + dir + "; unless weft's classes are woven some other way, the fallback"
                    + " backend will refuse to run. Add the dependency dev.weft:weft-api, or set weaveWeft to false.");
        }
        if (!result.failures().isEmpty()) {
            StringBuilder b = new StringBuilder("weft-maven-plugin:" + goal() + ": " + result.failures().size()
                    + " class(es) could not be woven, so microthreads could not suspend in them:");
            for (String f : result.failures()) {
                b.append("\n  ").append(f);
            }
            b.append("\nFix what each reason names (a class file the weaver could not find belongs on the project's"
                    + " class path; a method it could not rewrite must be changed), or, if no microthread ever"
                    + " suspends in that class, leave its package out with <excludes>.");
            throw new MojoFailureException(b.toString());
        }
    }

    private static List<String> nonNull(List<String> packages) {
        List<String> result = new ArrayList<>();
        if (packages != null) {
            for (String p : packages) {
                if (p != null && !p.trim().isEmpty()) {
                    result.add(p.trim());
                }
            }
        }
        return result;
    }
}
