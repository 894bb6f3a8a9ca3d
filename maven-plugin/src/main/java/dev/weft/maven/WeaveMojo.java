package dev.weft.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the project's classes ({@code target/classes}) in place for weft's fallback backend,
 * and writes woven copies of weft's own classes there, so the program runs on the fallback
 * backend without the agent. Classes already woven (they carry the weaver's mark) are left
 * alone; a class that cannot be woven fails the build, naming it and the reason.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class WeaveMojo extends AbstractWeaveMojo {
    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
    File classesDirectory;

    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    List<String> compileClasspath;

    @Parameter(defaultValue = "${project.runtimeClasspathElements}", readonly = true, required = true)
    List<String> runtimeClasspath;

    @Override
    File directory() {
        return classesDirectory;
    }

    @Override
    List<String> classpath() {
        List<String> all = new ArrayList<>(compileClasspath);
        all.addAll(runtimeClasspath);
        return all;
    }

    @Override
    List<File> alreadyIn() {
        return Collections.emptyList();
    }

    @Override
    String goal() {
        return "weave";
    }
}
