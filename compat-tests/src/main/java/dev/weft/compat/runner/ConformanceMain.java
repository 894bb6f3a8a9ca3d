package dev.weft.compat.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.weft.spi.BackendStatus;
import dev.weft.spi.Backends;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.PackageNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the weft conformance suite once per installed backend and prints a table of what passed.
 *
 * <p>This is the {@code Main-Class} of {@code weft-compat-tests-VERSION-all.jar}:
 * <pre>java -jar weft-compat-tests-VERSION-all.jar [--backend NAME] [--area NAME] [--verbose]</pre>
 * The exit code is 0 if and only if at least one backend ran, at least one test ran, and no test
 * failed. Compiled for Java 8: only Java 8 API here.
 */
public final class ConformanceMain {
    static final String SUITE_PACKAGE = "dev.weft.compat";
    static final String RUNNER_PACKAGE = "dev.weft.compat.runner";
    static final String CORE_AREA = "core";
    static final String BACKEND_PROPERTY = "weft.backend";

    private static final int EXIT_OK = 0;
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;
    private static final int MAX_MESSAGE = 500;

    private ConformanceMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the suite as {@link #main} does, and returns the exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("Try --help.");
            return EXIT_USAGE;
        }
        if (options.help) {
            printHelp(out);
            return EXIT_OK;
        }

        List<BackendStatus> installed;
        try {
            installed = Backends.installed();
        } catch (RuntimeException | LinkageError e) {
            printHeader(out, Collections.<BackendStatus>emptyList());
            err.println("error: could not list the installed weft backends: " + e);
            return EXIT_FAILED;
        }
        String wanted = options.backend != null ? options.backend : trimToNull(System.getProperty(BACKEND_PROPERTY));
        List<BackendStatus> chosen = new ArrayList<BackendStatus>();
        for (BackendStatus s : installed) {
            if (wanted == null || s.name().equalsIgnoreCase(wanted)) {
                chosen.add(s);
            }
        }

        printHeader(out, installed);
        if (wanted != null && chosen.isEmpty()) {
            err.println("error: backend '" + wanted + "' is not installed; installed: " + names(installed)
                    + ". Put dev.weft:weft-" + wanted + " on the class path.");
            return EXIT_USAGE;
        }
        if (chosen.isEmpty()) {
            err.println("error: no weft backend is installed: put dev.weft:weft-loom or dev.weft:weft-fallback on the class path.");
            return EXIT_FAILED;
        }

        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequest request = request(options.area);
        List<Column> columns = new ArrayList<Column>();
        for (BackendStatus s : chosen) {
            Column column = new Column(s);
            columns.add(column);
            if (!s.available()) {
                continue;
            }
            out.println("Running the suite on backend '" + s.name() + "'...");
            out.flush();
            String previous = System.getProperty(BACKEND_PROPERTY);
            System.setProperty(BACKEND_PROPERTY, s.name());
            try {
                launcher.execute(request, new Recorder(column, options.verbose ? out : null));
            } finally {
                if (previous == null) {
                    System.clearProperty(BACKEND_PROPERTY);
                } else {
                    System.setProperty(BACKEND_PROPERTY, previous);
                }
            }
            column.ran = true;
        }

        out.println();
        printTable(out, columns, options.area);
        return summarize(out, columns, options);
    }

    static LauncherDiscoveryRequest request(String area) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .filters(PackageNameFilter.excludePackageNames(RUNNER_PACKAGE),
                        ClassNameFilter.includeClassNamePatterns(".*Test"));
        if (area == null) {
            builder.selectors(selectPackage(SUITE_PACKAGE));
        } else if (area.equals(CORE_AREA)) {
            builder.selectors(selectPackage(SUITE_PACKAGE))
                    .filters(ClassNameFilter.includeClassNamePatterns(
                            SUITE_PACKAGE.replace(".", "\\.") + "\\.(" + CORE_AREA + "\\.)?[^.]+"));
        } else {
            builder.selectors(selectPackage(SUITE_PACKAGE + "." + area));
        }
        return builder.build();
    }

    /** The area of a test class: the first package segment under dev.weft.compat, or "core" for classes directly in it. */
    static String areaOf(String className) {
        String prefix = SUITE_PACKAGE + ".";
        if (className == null || !className.startsWith(prefix)) {
            return "(other)";
        }
        String rest = className.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? CORE_AREA : rest.substring(0, dot);
    }

    // ----------------------------------------------------------------------------------------
    // Recording

    static final class Counts {
        int passed;
        int failed;
        int skipped;

        void add(Counts o) {
            passed += o.passed;
            failed += o.failed;
            skipped += o.skipped;
        }

        int total() {
            return passed + failed + skipped;
        }

        @Override
        public String toString() {
            return passed + "/" + failed + "/" + skipped;
        }
    }

    static final class Failure {
        final String backend;
        final String area;
        final String test;
        final Throwable error;

        Failure(String backend, String area, String test, Throwable error) {
            this.backend = backend;
            this.area = area;
            this.test = test;
            this.error = error;
        }
    }

    static final class Column {
        final BackendStatus status;
        final Map<String, Counts> byArea = new LinkedHashMap<String, Counts>();
        final List<Failure> failures = new ArrayList<Failure>();
        boolean ran;

        Column(BackendStatus status) {
            this.status = status;
        }

        Counts area(String area) {
            Counts c = byArea.get(area);
            if (c == null) {
                c = new Counts();
                byArea.put(area, c);
            }
            return c;
        }

        Counts total() {
            Counts t = new Counts();
            for (Counts c : byArea.values()) {
                t.add(c);
            }
            return t;
        }
    }

    static final class Recorder implements TestExecutionListener {
        private final Column column;
        private final PrintStream verbose;
        private TestPlan plan;

        Recorder(Column column, PrintStream verbose) {
            this.column = column;
            this.verbose = verbose;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped(id, reason);
            } else {
                // A skipped container (a disabled class, say): its tests are never reported.
                for (TestIdentifier d : plan.getDescendants(id)) {
                    if (d.isTest()) {
                        skipped(d, reason);
                    }
                }
            }
        }

        private void skipped(TestIdentifier id, String reason) {
            column.area(areaOf(className(id))).skipped++;
            log("SKIP", id, reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            TestExecutionResult.Status status = result.getStatus();
            if (!id.isTest()) {
                // A container that fails (a @BeforeAll, a constructor, an engine) hides its tests:
                // count it as one failure so it cannot go unnoticed.
                if (status == TestExecutionResult.Status.FAILED) {
                    fail(id, result);
                }
                return;
            }
            Counts counts = column.area(areaOf(className(id)));
            switch (status) {
                case SUCCESSFUL:
                    counts.passed++;
                    log("PASS", id, null);
                    break;
                case ABORTED:
                    counts.skipped++;
                    log("SKIP", id, messageOf(result.getThrowable()));
                    break;
                default:
                    fail(id, result);
            }
        }

        private void fail(TestIdentifier id, TestExecutionResult result) {
            String area = areaOf(className(id));
            column.area(area).failed++;
            Throwable error = result.getThrowable().orElse(null);
            column.failures.add(new Failure(column.status.name(), area, describe(id), error));
            log("FAIL", id, messageOf(result.getThrowable()));
        }

        private void log(String what, TestIdentifier id, String detail) {
            if (verbose != null) {
                verbose.println("  [" + column.status.name() + "] " + what + "  " + describe(id)
                        + (detail == null ? "" : "  -- " + detail));
                verbose.flush();
            }
        }

        /** The class that declares a test or container: from its source, else from an ancestor's. */
        private String className(TestIdentifier id) {
            TestIdentifier current = id;
            while (current != null) {
                Optional<TestSource> source = current.getSource();
                if (source.isPresent()) {
                    TestSource s = source.get();
                    if (s instanceof MethodSource) {
                        return ((MethodSource) s).getClassName();
                    }
                    if (s instanceof ClassSource) {
                        return ((ClassSource) s).getClassName();
                    }
                }
                Optional<TestIdentifier> parent = plan == null ? Optional.<TestIdentifier>empty() : plan.getParent(current);
                current = parent.isPresent() ? parent.get() : null;
            }
            return null;
        }

        private String describe(TestIdentifier id) {
            String cls = className(id);
            String simple = cls == null ? "" : cls.substring(cls.lastIndexOf('.') + 1);
            Optional<TestSource> source = id.getSource();
            if (source.isPresent() && source.get() instanceof MethodSource) {
                String method = ((MethodSource) source.get()).getMethodName();
                String name = simple + "." + method + "()";
                String display = id.getDisplayName();
                return display.equals(method + "()") ? name : name + " [" + display + "]";
            }
            if (source.isPresent() && source.get() instanceof ClassSource) {
                return simple;
            }
            return (simple.isEmpty() ? "" : simple + " ") + id.getDisplayName();
        }
    }

    // ----------------------------------------------------------------------------------------
    // Printing

    private static void printHeader(PrintStream out, List<BackendStatus> installed) {
        out.println("weft conformance suite");
        out.println("JDK:      " + System.getProperty("java.runtime.version", System.getProperty("java.version"))
                + " (" + System.getProperty("java.vendor") + "), " + System.getProperty("java.home"));
        out.println("OS:       " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        StringBuilder sb = new StringBuilder();
        for (BackendStatus s : installed) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.name()).append(s.available() ? " (available)" : " (unavailable)");
        }
        out.println("Backends: " + (sb.length() == 0 ? "none installed" : sb.toString()));
        out.println();
    }

    private static void printTable(PrintStream out, List<Column> columns, String areaFilter) {
        TreeSet<String> areas = new TreeSet<String>();
        for (Column c : columns) {
            areas.addAll(c.byArea.keySet());
        }
        if (areaFilter != null) {
            areas.add(areaFilter);
        }
        List<String> rows = new ArrayList<String>();
        if (areas.remove(CORE_AREA)) {
            rows.add(CORE_AREA);
        }
        rows.addAll(areas);

        int first = "total".length();
        for (String r : rows) {
            first = Math.max(first, r.length());
        }
        String sub = "pass/fail/skip";
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            int w = Math.max(sub.length(), c.status.name().length());
            w = Math.max(w, cell(c, c.total()).length());
            widths[i] = w;
        }

        StringBuilder head = new StringBuilder(pad("area", first));
        StringBuilder head2 = new StringBuilder(pad("", first));
        StringBuilder rule = new StringBuilder(repeat('-', first));
        for (int i = 0; i < columns.size(); i++) {
            head.append(" | ").append(pad(columns.get(i).status.name(), widths[i]));
            head2.append(" | ").append(pad(sub, widths[i]));
            rule.append("-+-").append(repeat('-', widths[i]));
        }
        out.println(head);
        out.println(head2);
        out.println(rule);
        for (String area : rows) {
            StringBuilder line = new StringBuilder(pad(area, first));
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                Counts counts = c.byArea.get(area);
                line.append(" | ").append(pad(cell(c, counts == null ? new Counts() : counts), widths[i]));
            }
            out.println(line);
        }
        out.println(rule);
        StringBuilder total = new StringBuilder(pad("total", first));
        for (int i = 0; i < columns.size(); i++) {
            total.append(" | ").append(pad(cell(columns.get(i), columns.get(i).total()), widths[i]));
        }
        out.println(total);
        out.println();

        for (Column c : columns) {
            if (!c.status.available()) {
                out.println(c.status.name() + " is unavailable: " + c.status.reason());
            }
        }
    }

    private static String cell(Column c, Counts counts) {
        return c.ran ? counts.toString() : "unavailable";
    }

    private static int summarize(PrintStream out, List<Column> columns, Options options) {
        Counts all = new Counts();
        int ran = 0;
        List<Failure> failures = new ArrayList<Failure>();
        for (Column c : columns) {
            if (c.ran) {
                ran++;
                all.add(c.total());
                failures.addAll(c.failures);
            }
        }
        if (!failures.isEmpty()) {
            out.println();
            out.println("Failures (" + failures.size() + "):");
            for (Failure f : failures) {
                out.println("  [" + f.backend + "] " + f.area + ": " + f.test);
                if (!options.verbose || f.error == null) {
                    out.println("      " + messageOf(Optional.ofNullable(f.error)));
                } else {
                    StringWriter sw = new StringWriter();
                    f.error.printStackTrace(new PrintWriter(sw));
                    for (String line : sw.toString().split("\r?\n")) {
                        out.println("      " + line);
                    }
                }
            }
        }
        out.println();
        if (ran == 0) {
            out.println("No backend could run in this JVM (see the reasons above).");
        } else if (all.total() == 0) {
            out.println("No test ran" + (options.area != null ? " in area '" + options.area + "'" : "") + ".");
        }
        out.println("weft: " + all.passed + " passed, " + all.failed + " failed, " + all.skipped + " skipped");
        return ran > 0 && all.total() > 0 && all.failed == 0 ? EXIT_OK : EXIT_FAILED;
    }

    static String messageOf(Optional<Throwable> t) {
        if (!t.isPresent()) {
            return "(no exception)";
        }
        Throwable e = t.get();
        String msg = e.getMessage();
        String text = e.getClass().getName() + (msg == null ? "" : ": " + msg);
        // One line per failure (--verbose prints the whole stack trace).
        text = text.replace("\r\n", "\n").replace("\n", "\\n");
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + " ...";
    }

    private static void printHelp(PrintStream out) {
        out.println("Usage: java -jar weft-compat-tests-VERSION-all.jar [options]");
        out.println();
        out.println("Runs the weft conformance suite once for each backend on the class path and");
        out.println("prints passed/failed/skipped per area and backend, then the failures.");
        out.println();
        out.println("Options:");
        out.println("  --backend NAME   run only this backend (loom, fallback). Default: every installed");
        out.println("                   backend, or only -Dweft.backend=NAME if that property is set.");
        out.println("  --area NAME      run only this area: a package under dev.weft.compat (e.g. channels),");
        out.println("                   or 'core' for the classes directly in dev.weft.compat.");
        out.println("  --verbose        print every test as it finishes, and the stack trace of each failure.");
        out.println("  --help           print this help.");
        out.println();
        out.println("The loom backend needs JDK 21+ and access to JDK internals: the jar's manifest grants it");
        out.println("(Add-Opens/Add-Exports) with java -jar; with java -cp add");
        out.println("  --add-opens java.base/java.lang=ALL-UNNAMED --add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
        out.println();
        out.println("Exit code: 0 if at least one backend ran tests and none failed, 1 otherwise, 2 on bad usage.");
    }

    // ----------------------------------------------------------------------------------------
    // Options and helpers

    static final class Options {
        String backend;
        String area;
        boolean verbose;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    value = a.substring(eq + 1);
                    a = a.substring(0, eq);
                }
                if (a.equals("--help") || a.equals("-h")) {
                    o.help = true;
                } else if (a.equals("--verbose") || a.equals("-v")) {
                    o.verbose = true;
                } else if (a.equals("--backend") || a.equals("--area")) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a NAME");
                        }
                        value = args[++i];
                    }
                    value = trimToNull(value);
                    if (value == null) {
                        throw new IllegalArgumentException(a + " needs a NAME");
                    }
                    if (a.equals("--backend")) {
                        o.backend = value.toLowerCase(Locale.ROOT);
                    } else {
                        o.area = value;
                    }
                } else {
                    throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            return o;
        }
    }

    private static String names(List<BackendStatus> statuses) {
        if (statuses.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (BackendStatus s : statuses) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.name());
        }
        return sb.toString();
    }

    private static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static String repeat(char c, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(c);
        }
        return sb.toString();
    }
}
