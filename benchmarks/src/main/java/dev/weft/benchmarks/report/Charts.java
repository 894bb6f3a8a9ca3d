package dev.weft.benchmarks.report;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' report: reads JMH result files ({@code -rf json}) and {@code ParkedMemory}
 * outputs, compares every contender with its workload's reference contender of the same run
 * ({@link Workload#TABLE}), and writes one PNG bar chart of the ratios per workload, a Markdown
 * page with the charts and the tables, and the tables alone to standard output (to paste into
 * RESULTS.md).
 *
 * <pre>
 *   java -cp benchmarks/target/weft-benchmarks-VERSION-all.jar dev.weft.benchmarks.report.Charts \
 *       [--charts DIR] RUN...
 * </pre>
 *
 * A RUN is a JMH JSON file, a {@code ParkedMemory} output ({@code .txt}), or a directory: every
 * {@code *.json} in it and every {@code *.txt} holding a ParkedMemory summary, together one run
 * (what {@code benchmarks/run.sh} writes). A run is named after its file (without extension) or
 * directory. Ratios are taken only within a run. {@code DIR} (default {@code benchmarks/charts},
 * from the repository's root) receives {@code WORKLOAD.png} per workload with a reference and
 * {@code README.md}; the charts of known workloads that the runs do not cover are deleted from it,
 * so that it never mixes old and new runs. Runs headless.
 */
public final class Charts {
    static final String DEFAULT_CHARTS = "benchmarks/charts";
    static final String INDEX = "README.md";
    private static final String USAGE = """
            usage: Charts [--charts DIR] RUN...
              RUN       a JMH result file (-rf json), a ParkedMemory output (.txt), or a directory
                        whose *.json and ParkedMemory *.txt files are one run
              --charts  where to write WORKLOAD.png and README.md (default: benchmarks/charts,
                        from the repository's root)
            The tables are also printed to standard output.""";

    private Charts() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Does everything {@link #main} does.
     *
     * @return 0 on success, 1 if an input could not be read or written (the message says which and
     *         why), 2 for bad arguments (with the usage)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        File chartsDir = null;
        List<File> runs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--charts")) {
                if (i + 1 == args.length) {
                    err.println("Charts: --charts needs a directory\n" + USAGE);
                    return 2;
                }
                chartsDir = new File(args[++i]);
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (a.startsWith("-")) {
                err.println("Charts: unknown option " + a + "\n" + USAGE);
                return 2;
            } else {
                runs.add(new File(a));
            }
        }
        if (runs.isEmpty()) {
            err.println("Charts: no run given\n" + USAGE);
            return 2;
        }
        if (chartsDir == null) {
            if (!new File("benchmarks", "pom.xml").isFile()) {
                err.println("Charts: the default chart directory is " + DEFAULT_CHARTS + " from the repository's root,"
                        + " but the working directory " + new File("").getAbsolutePath() + " is not the root; run from"
                        + " the root or pass --charts DIR");
                return 2;
            }
            chartsDir = new File(DEFAULT_CHARTS);
        }
        try {
            List<Measurement> all = new ArrayList<>();
            for (File run : runs) {
                all.addAll(read(run, err));
            }
            List<Comparison> comparisons = Comparison.of(all);
            Map<String, String> charts = writeCharts(comparisons, chartsDir);
            Files.writeString(new File(chartsDir, INDEX).toPath(), MarkdownTables.document(comparisons, charts),
                    StandardCharsets.UTF_8);
            for (Comparison c : comparisons) {
                out.println(MarkdownTables.section(c, null));
            }
            err.println("Charts: wrote " + charts.size() + " charts and " + INDEX + " to " + chartsDir);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("Charts: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("Charts: cannot read or write a file: " + e);
            return 1;
        }
    }

    /**
     * Reads one run.
     *
     * @param run a file or a directory, as in the class comment
     * @param err where to say which files of a directory were skipped
     * @return its measurements
     * @throws IllegalArgumentException if it does not exist, holds nothing to read, or a file in it
     *         is not in the format its name says
     */
    static List<Measurement> read(File run, PrintStream err) throws IOException {
        if (run.isDirectory()) {
            File[] files = run.listFiles();
            Arrays.sort(files);
            List<Measurement> out = new ArrayList<>();
            for (File f : files) {
                String name = f.getName();
                if (name.endsWith(".json")) {
                    out.addAll(JmhJson.read(text(f), run.getName(), f.getPath()));
                } else if (name.endsWith(".txt")) {
                    String text = text(f);
                    if (ParkedMemoryText.looksLikeParkedMemory(text)) {
                        out.addAll(ParkedMemoryText.read(text, run.getName(), f.getPath()));
                    } else {
                        err.println("Charts: skipped " + f + " (not a ParkedMemory output)");
                    }
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(run + " holds no JMH result (*.json) and no ParkedMemory output"
                        + " (*.txt): nothing to chart");
            }
            return out;
        }
        if (!run.isFile()) {
            throw new IllegalArgumentException(run + " does not exist (expected a JMH result file, a ParkedMemory"
                    + " output or a directory of them)");
        }
        String name = run.getName();
        String runName = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String text = text(run);
        if (name.endsWith(".txt")) {
            return ParkedMemoryText.read(text, runName, run.getPath());
        }
        return JmhJson.read(text, runName, run.getPath());
    }

    /** Writes one chart per workload with ratios; deletes stale charts of the other known workloads. */
    private static Map<String, String> writeCharts(List<Comparison> comparisons, File dir) throws IOException {
        Files.createDirectories(dir.toPath());
        Map<String, String> written = new LinkedHashMap<>();
        for (Comparison c : comparisons) {
            File png = BarCharts.write(c, dir);
            if (png != null) {
                written.put(c.workload().id(), png.getName());
            }
        }
        for (Workload w : Workload.TABLE) {
            if (!written.containsKey(w.id())) {
                Files.deleteIfExists(new File(dir, w.id() + ".png").toPath());
            }
        }
        return written;
    }

    private static String text(File f) throws IOException {
        return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    }
}
