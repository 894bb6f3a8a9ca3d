package dev.weft.maven;

import dev.weft.fallback.agent.WeavingFilter;
import dev.weft.fallback.weaver.ClassHierarchy;
import dev.weft.fallback.weaver.ClassWeaver;
import dev.weft.fallback.weaver.SuspendablePolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Weaves a directory of class files in place, and writes woven copies of weft's own classes into
 * it. Independent of Maven (the mojos are thin shells around it), so it is tested directly.
 *
 * <p>Implementation notes. One run does two things, in this order:
 * <ol>
 *   <li><b>The directory's own classes.</b> Every {@code .class} file under the directory (except
 *       under {@code META-INF}, where multi-release variants live) whose class the
 *       {@link WeavingFilter} accepts is read; a file that already carries the weaver's mark
 *       ({@link ClassWeaver#isWoven}) is left alone, so running twice changes nothing; otherwise
 *       {@link ClassWeaver#weave} rewrites it, and the file is written only if the weaver changed
 *       it (it returns {@code null} for a class with nothing that can suspend).</li>
 *   <li><b>weft's own classes</b> ({@link WeavingFilter#WEFT}, minus the runtime packages the
 *       filter always excludes), read from the given sources (the dependency jars or class
 *       directories, first one wins as on a class path). Each class the weaver changes is
 *       written to the directory under its own name unless an identical file is already there, or
 *       in one of the {@code alreadyIn} directories (the main classes, when weaving tests). These
 *       copies shadow the unwoven classes of the weft-api jar because a project's class directory
 *       comes before its dependencies on the class path. They are compared byte for byte rather
 *       than by mark, so a copy left from an older weft version is replaced, and removed if
 *       the class no longer needs weaving.</li>
 * </ol>
 * The class hierarchy the weaver needs (superclasses and interfaces, for merging types) is read
 * from class files, never loaded: from the directory, then the class path given, then weft's
 * sources, then the JDK.
 *
 * <p>A class that cannot be woven does not stop the run: every failure is collected in the
 * {@link Result}, naming the class, its file and the reason, and the caller fails the build.
 */
public final class ClassDirectoryWeaver {
    private static final String CLASS = ".class";
    private static final String WEFT_PATH = WeavingFilter.WEFT.replace('.', '/');

    private final WeavingFilter filter;
    private final List<Path> classpath;
    private final Consumer<String> verbose;

    /**
     * @param filter which classes of the directory to weave (weft's own are filtered by it too)
     * @param classpath what the woven classes are compiled against: jars and class directories
     *        in which the weaver looks up the superclasses and interfaces it needs
     * @param verbose receives one line per class written; {@code line -> {}} for none
     */
    public ClassDirectoryWeaver(WeavingFilter filter, List<Path> classpath, Consumer<String> verbose) {
        this.filter = filter;
        this.classpath = new ArrayList<>(classpath);
        this.verbose = verbose;
    }

    /**
     * Weaves {@code directory}'s classes in place, then writes woven copies of weft's classes
     * found in {@code weftSources} into it (see the class comment).
     *
     * @param directory a class output directory, such as {@code target/classes}
     * @param weftSources where weft's own classes are read from, in class path order; empty for none
     * @param alreadyIn directories whose identical woven copy of a weft class makes a copy in
     *        {@code directory} unnecessary (they come before the dependencies on the class path);
     *        never read as sources, even if {@code weftSources} lists them
     * @throws UncheckedIOException if a file cannot be read or written (not a weaving failure)
     */
    public Result weave(Path directory, List<Path> weftSources, List<Path> alreadyIn) {
        Result result = new Result();
        try (URLClassLoader loader = hierarchyLoader(directory, weftSources)) {
            ClassWeaver weaver = new ClassWeaver(new ClassHierarchy(loader), SuspendablePolicy.DEFAULT);
            if (!weftSources.isEmpty()) {
                removeCopiesOfVanishedWeftClasses(directory, weftSources, alreadyIn, result);
            }
            weaveOwnClasses(directory, weaver, result);
            if (!weftSources.isEmpty()) {
                weaveWeftClasses(directory, weftSources, alreadyIn, weaver, result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /**
     * Deletes woven copies of weft classes that the weft version in use no longer has (an
     * anonymous class renumbered, a class removed), in the packages it does have: left in place
     * they would be loaded with old code, or counted as the project's own woven classes.
     */
    private void removeCopiesOfVanishedWeftClasses(Path directory, List<Path> weftSources, List<Path> alreadyIn,
                                                   Result result) throws IOException {
        Set<Path> skipped = new java.util.HashSet<>();
        skipped.add(directory.toAbsolutePath().normalize());
        for (Path d : alreadyIn) {
            skipped.add(d.toAbsolutePath().normalize());
        }
        Set<String> names = new java.util.HashSet<>();
        Set<String> packages = new java.util.HashSet<>();
        for (Path source : weftSources) {
            if (skipped.contains(source.toAbsolutePath().normalize())) {
                continue;
            }
            for (Entry e : weftClasses(source, names)) {
                names.add(e.name);
                packages.add(e.name.substring(0, e.name.lastIndexOf('.')));
            }
        }
        if (names.isEmpty()) {
            return;
        }
        for (Path file : classFiles(directory.resolve(WEFT_PATH))) {
            String name = className(directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
            if (!names.contains(name) && packages.contains(name.substring(0, name.lastIndexOf('.')))
                    && ClassWeaver.isWoven(Files.readAllBytes(file))) {
                Files.delete(file);
                result.weftRemoved.add(name);
                verbose.accept("removed " + file + ": this weft version has no " + name);
            }
        }
    }

    private void weaveOwnClasses(Path directory, ClassWeaver weaver, Result result) throws IOException {
        for (Path file : classFiles(directory)) {
            String name = className(directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
            if (!filter.weaves(name)) {
                result.excluded++;
                continue;
            }
            byte[] original = Files.readAllBytes(file);
            byte[] woven;
            try {
                if (ClassWeaver.isWoven(original)) {
                    result.alreadyWoven++;
                    continue;
                }
                woven = weaver.weave(original);
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                result.failures.add(name + " (" + file + "): " + reason(e));
                continue;
            }
            if (woven == null) {
                result.unchanged++;
                continue;
            }
            Files.write(file, woven);
            result.woven.add(name);
            verbose.accept("woven " + name);
        }
    }

    private void weaveWeftClasses(Path directory, List<Path> sources, List<Path> alreadyIn, ClassWeaver weaver,
                                  Result result) throws IOException {
        TreeMap<String, byte[]> weft = new TreeMap<>();
        TreeMap<String, Path> origin = new TreeMap<>();
        Set<Path> skipped = new java.util.HashSet<>();
        skipped.add(directory.toAbsolutePath().normalize());
        for (Path d : alreadyIn) {
            skipped.add(d.toAbsolutePath().normalize()); // its copies are compared below, not woven again
        }
        for (Path source : sources) {
            if (skipped.contains(source.toAbsolutePath().normalize())) {
                continue;
            }
            for (Entry e : weftClasses(source, weft.keySet())) {
                weft.put(e.name, e.bytes);
                origin.put(e.name, source);
            }
        }
        for (java.util.Map.Entry<String, byte[]> e : weft.entrySet()) {
            String name = e.getKey();
            String relative = name.replace('.', '/') + CLASS;
            byte[] woven;
            try {
                if (ClassWeaver.isWoven(e.getValue())) {
                    result.weftPresent++; // woven where it is (main classes, or a woven jar): that file serves
                    continue;
                }
                woven = weaver.weave(e.getValue());
            } catch (RuntimeException | LinkageError | StackOverflowError x) {
                result.failures.add(name + " (from " + origin.get(name) + "): " + reason(x));
                continue;
            }
            Path target = directory.resolve(relative);
            if (woven == null) {
                // Nothing in it can suspend: the dependency's own class file serves. A woven copy left
                // by an older weft version would shadow it with old code: remove it.
                if (Files.isRegularFile(target) && ClassWeaver.isWoven(Files.readAllBytes(target))) {
                    Files.delete(target);
                    result.weftRemoved.add(name);
                    verbose.accept("removed " + target + ": this weft version's " + name + " needs no weaving");
                }
                continue;
            }
            if (sameFileIn(alreadyIn, relative, woven)) {
                result.weftPresent++;
                continue;
            }
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), woven)) {
                result.weftPresent++;
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.write(target, woven);
            result.weftWoven.add(name);
            verbose.accept("woven " + name + " (weft's own class, from " + origin.get(name) + ")");
        }
    }

    private static boolean sameFileIn(List<Path> directories, String relative, byte[] bytes) throws IOException {
        for (Path d : directories) {
            Path f = d.resolve(relative);
            if (Files.isRegularFile(f) && Arrays.equals(Files.readAllBytes(f), bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The class files of a directory, sorted, without the multi-release variants under META-INF. */
    private static List<Path> classFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return new ArrayList<>();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(CLASS) && Files.isRegularFile(p))
                    .filter(p -> !directory.relativize(p).startsWith("META-INF"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static final class Entry {
        final String name;
        final byte[] bytes;

        Entry(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }
    }

    /** weft's class files in a jar or a class directory that the filter accepts and that are not in {@code seen}. */
    private List<Entry> weftClasses(Path source, Set<String> seen) throws IOException {
        List<Entry> result = new ArrayList<>();
        if (Files.isDirectory(source)) {
            for (Path f : classFiles(source.resolve(WEFT_PATH))) {
                String name = className(source.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"));
                if (!seen.contains(name) && filter.weaves(name)) {
                    result.add(new Entry(name, Files.readAllBytes(f)));
                }
            }
        } else if (Files.isRegularFile(source) && source.getFileName().toString().endsWith(".jar")) {
            try (ZipFile zip = new ZipFile(source.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (e.isDirectory() || !e.getName().startsWith(WEFT_PATH) || !e.getName().endsWith(CLASS)) {
                        continue;
                    }
                    String name = className(e.getName());
                    if (!seen.contains(name) && filter.weaves(name)) {
                        try (InputStream in = zip.getInputStream(e)) {
                            result.add(new Entry(name, in.readAllBytes()));
                        }
                    }
                }
            }
        }
        return result;
    }

    private URLClassLoader hierarchyLoader(Path directory, List<Path> weftSources) {
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(directory.toAbsolutePath().normalize());
        for (Path p : classpath) {
            roots.add(p.toAbsolutePath().normalize());
        }
        for (Path p : weftSources) {
            roots.add(p.toAbsolutePath().normalize());
        }
        List<URL> urls = new ArrayList<>();
        for (Path p : roots) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("weft-maven-plugin: class path element " + p + " is not a valid URL", e);
            }
        }
        // Parent: the platform loader, so JDK class files are found but nothing of Maven's or the plugin's.
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** {@code a/b/C$D.class} to {@code a.b.C$D}. */
    private static String className(String relativePath) {
        return relativePath.substring(0, relativePath.length() - CLASS.length()).replace('/', '.');
    }

    /** The exception's message, then its causes (a weaver's message already names the method). */
    private static String reason(Throwable e) {
        StringBuilder b = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.toString());
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            if (c.getMessage() == null || !b.toString().contains(c.getMessage())) {
                b.append("; caused by ").append(c);
            }
        }
        return b.toString();
    }

    /** What one run did. Mutable only while the run fills it. */
    public static final class Result {
        final List<String> woven = new ArrayList<>();
        final List<String> weftWoven = new ArrayList<>();
        final List<String> weftRemoved = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int alreadyWoven;
        int unchanged;
        int excluded;
        int weftPresent;

        /** Classes of the directory this run wove (binary names, sorted). */
        public List<String> woven() {
            return java.util.Collections.unmodifiableList(woven);
        }

        /** weft's classes this run wrote into the directory (binary names, sorted). */
        public List<String> weftWoven() {
            return java.util.Collections.unmodifiableList(weftWoven);
        }

        /**
         * weft's classes whose woven copy this run deleted from the directory, because the weft
         * version now on the class path has nothing in them that can suspend (binary names, sorted).
         */
        public List<String> weftRemoved() {
            return java.util.Collections.unmodifiableList(weftRemoved);
        }

        /** One line per class that could not be woven: its name, its file, the reason. */
        public List<String> failures() {
            return java.util.Collections.unmodifiableList(failures);
        }

        /** Classes of the directory that carried the mark already. */
        public int alreadyWoven() {
            return alreadyWoven;
        }

        /** Classes of the directory that have nothing that can suspend, left as they were. */
        public int unchanged() {
            return unchanged;
        }

        /** Classes of the directory the filter excludes. */
        public int excluded() {
            return excluded;
        }

        /**
         * weft's classes already woven where the class path finds them first: an identical copy
         * in the directory or in an {@code alreadyIn} directory, or a marked class in a source.
         */
        public int weftPresent() {
            return weftPresent;
        }

        /** Whether this run wrote no file. */
        public boolean changedNothing() {
            return woven.isEmpty() && weftWoven.isEmpty() && weftRemoved.isEmpty();
        }

        /** One line for the build log. */
        public String summary() {
            return woven.size() + " classes woven, " + alreadyWoven + " already woven, " + unchanged
                    + " with nothing that can suspend, " + excluded + " excluded; weft's own classes: "
                    + weftWoven.size() + " written, " + weftPresent + " already in place"
                    + (weftRemoved.isEmpty() ? "" : ", " + weftRemoved.size() + " stale copies removed")
                    + (failures.isEmpty() ? "" : "; " + failures.size() + " FAILED");
        }
    }
}
