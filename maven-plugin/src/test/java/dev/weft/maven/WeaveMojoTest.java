package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.weaver.ClassWeaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals' own logic, with parameters set as Maven would inject them. */
class WeaveMojoTest {
    @TempDir
    Path temp;

    @Test
    void aClassThatCannotBeWovenFailsTheBuildNamingItAndTheReason() throws Exception {
        Path classes = fixtures();
        Path broken = classes.resolve("example/app/Broken.class");
        Files.write(broken, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        WeaveMojo mojo = mojo(classes);

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        String[] lines = e.getMessage().split("\n");
        assertEquals("weft-maven-plugin:weave: 1 class(es) could not be woven, so microthreads could not suspend in them:",
                lines[0]);
        assertTrue(lines[1].startsWith("  example.app.Broken (" + broken + "): "), lines[1]);
        assertTrue(lines[2].startsWith("Fix what each reason names"), lines[2]);
        assertTrue(ClassWeaver.isWoven(Files.readAllBytes(classes.resolve("example/app/Worker.class"))),
                "the other classes are still woven");
    }

    @Test
    void excludesAndSkipAreHonoured() throws Exception {
        Path classes = fixtures();
        WeaveMojo mojo = mojo(classes);
        mojo.excludes = Collections.singletonList("example.lib");
        mojo.execute();
        assertTrue(ClassWeaver.isWoven(Files.readAllBytes(classes.resolve("example/app/Worker.class"))));
        assertFalse(ClassWeaver.isWoven(Files.readAllBytes(classes.resolve("example/lib/Helper.class"))));

        Path other = fixtures();
        WeaveMojo skipped = mojo(other);
        skipped.skip = true;
        skipped.execute();
        assertFalse(ClassWeaver.isWoven(Files.readAllBytes(other.resolve("example/app/Worker.class"))));
    }

    @Test
    void withoutWeftOnTheClassPathTheGoalWarns() throws Exception {
        Path classes = fixtures();
        WeaveMojo mojo = mojo(classes);
        mojo.weaveWeft = true;
        java.util.List<String> warnings = new java.util.ArrayList<>();
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });

        mojo.execute();

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("weft: no class of weft's (dev.weft:weft-api) was found on the weave"
                + " class path, so none was woven into " + classes), warnings.get(0));
    }

    @Test
    void aMissingClassesDirectoryIsNotAnError() throws Exception {
        mojo(temp.resolve("absent")).execute();
        assertFalse(Files.exists(temp.resolve("absent")));
    }

    private WeaveMojo mojo(Path classes) {
        WeaveMojo mojo = new WeaveMojo();
        mojo.classesDirectory = classes.toFile();
        mojo.compileClasspath = Collections.singletonList(classes.toString());
        mojo.runtimeClasspath = Collections.singletonList(classes.toString());
        mojo.weaveWeft = false;
        return mojo;
    }

    private Path fixtures() throws IOException {
        Path to = Files.createTempDirectory(temp, "classes");
        Path testClasses;
        try {
            testClasses = Paths.get(WeaveMojoTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String pkg : new String[] {"example/app", "example/lib"}) {
            try (java.util.stream.Stream<Path> files = Files.walk(testClasses.resolve(pkg))) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path target = to.resolve(testClasses.relativize(p).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
