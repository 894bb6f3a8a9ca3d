package dev.weft.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test fixtures: sample files (resources next to this class) and hand-made measurements. */
final class Samples {
    /** Four JMH records in JMH 1.37's format: three from a real run, one with a single iteration (error "NaN"). */
    static final String JMH = "jmh-sample.json";
    /** A complete ParkedMemory output of a 1,000,000 run. */
    static final String PARKED = "parked-memory-sample.txt";

    private Samples() {
    }

    static String text(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An avgt measurement in ns/op on JDK 25.0.3, without iterations. */
    static Measurement m(String run, String cls, String method, double score, Map<String, String> params) {
        return m(run, cls, method, score, params, "avgt", "ns/op", "25.0.3");
    }

    static Measurement m(String run, String cls, String method, double score, Map<String, String> params,
            String mode, String unit, String jdk) {
        return new Measurement(run, run + ".json", cls, method, new TreeMap<>(params), mode, score, score / 10,
                unit, jdk, List.of(), "1 fork");
    }
}
