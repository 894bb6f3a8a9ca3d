package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code dev.weft.benchmarks.ParkedMemory}: its closing summary
 *
 * <pre>
 * contender   bytes/thread vs virtual
 * virtual            779.9      1.00x
 * loom              1220.8      1.57x
 * </pre>
 *
 * becomes one {@link Measurement} per row (class {@code ParkedMemory}, mode {@code memory}, unit
 * {@code bytes}, no error). The JDK and the count come from the first child JVM's banner
 * ({@code JDK 25.0.3+9-LTS, max heap 8192 MiB, 1000000 threads of control}).
 */
final class ParkedMemoryText {
    static final String CLASS = "ParkedMemory";
    private static final String HEADER = "contender";
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+([0-9]+(?:\\.[0-9]+)?)\\s+[0-9.]+x\\s*$");
    private static final Pattern BANNER = Pattern.compile("JDK ([0-9][^,\\s]*), .*?([0-9][0-9_,]*) threads of control");

    private ParkedMemoryText() {
    }

    /** {@code true} if the text holds ParkedMemory's summary table. */
    static boolean looksLikeParkedMemory(String text) {
        return text.lines().anyMatch(ParkedMemoryText::isHeader);
    }

    /**
     * @param text the saved output of ParkedMemory
     * @param run the run the measurements belong to
     * @param source the file's name, for messages
     * @return one measurement per contender, in table order
     * @throws IllegalArgumentException if the summary table is missing or empty (the run failed or
     *         was cut short), naming the source
     */
    static List<Measurement> read(String text, String run, String source) {
        String jdk = "";
        String count = "";
        Matcher banner = BANNER.matcher(text);
        if (banner.find()) {
            jdk = banner.group(1).replaceFirst("\\+.*", "");
            count = banner.group(2);
        }
        String settings = "one JVM per contender" + (count.isEmpty() ? "" : ", " + count + " threads of control");
        List<Measurement> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.lines().toList()) {
            if (isHeader(line)) {
                inTable = true;
                out.clear(); // the last summary wins
                continue;
            }
            if (!inTable) {
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                inTable = false;
                continue;
            }
            out.add(new Measurement(run, source, CLASS, row.group(1), new TreeMap<>(), "memory",
                    Double.parseDouble(row.group(2)), Double.NaN, "bytes", jdk, List.of(), settings));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + " has no ParkedMemory summary (a line \"contender bytes/thread"
                    + " vs virtual\" followed by one row per contender): did the run finish? Rerun it with"
                    + " java -cp benchmarks/target/weft-benchmarks-VERSION-all.jar dev.weft.benchmarks.ParkedMemory");
        }
        return out;
    }

    private static boolean isHeader(String line) {
        String t = line.trim();
        return t.startsWith(HEADER) && t.contains("bytes/thread");
    }
}
