package dev.weft.maven;

import java.io.File;
import java.util.Collections;
import java.util.List;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves the project's test classes ({@code target/test-classes}) in place for weft's fallback
 * backend, as {@code weave} does for the main classes. weft's own woven classes are written here
 * only if {@code weave} has not already put identical ones in {@code target/classes}, so a
 * project with tests only needs no other goal.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class WeaveTestsMojo extends AbstractWeaveMojo {
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true, required = true)
    File testClassesDirectory;

    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
    File classesDirectory;

    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
    List<String> testClasspath;

    @Override
    File directory() {
        return testClassesDirectory;
    }

    @Override
    List<String> classpath() {
        return testClasspath;
    }

    @Override
    List<File> alreadyIn() {
        return Collections.singletonList(classesDirectory);
    }

    @Override
    String goal() {
        return "weave-tests";
    }
}
