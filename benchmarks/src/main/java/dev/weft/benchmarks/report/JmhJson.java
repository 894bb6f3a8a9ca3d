package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's result file ({@code -rf json}): a JSON array with one object per benchmark method and
 * parameter combination. Only what the report needs is read: {@code benchmark}, {@code mode},
 * {@code params}, {@code jdkVersion}, {@code forks}, the warm-up and measurement settings and
 * {@code primaryMetric} ({@code score}, {@code scoreError}, {@code scoreUnit}, {@code rawData}).
 * JMH writes a score or error it could not compute as the string {@code "NaN"}; that reads as
 * {@link Double#NaN}.
 */
final class JmhJson {
    private JmhJson() {
    }

    /**
     * @param json the file's text
     * @param run the run the measurements belong to
     * @param source the file's name, for messages
     * @return one measurement per record, in file order
     * @throws IllegalArgumentException if the text is not JSON, or not JMH's format; the message
     *         names the source, the record and the missing or wrong field
     */
    static List<Measurement> read(String json, String run, String source) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not a JMH result file (-rf json): " + e.getMessage(), e);
        }
        if (!(root instanceof List<?> records)) {
            throw new IllegalArgumentException(source + " is not a JMH result file (-rf json): it should be a JSON array"
                    + " of results, but is a " + kind(root));
        }
        List<Measurement> out = new ArrayList<>();
        int index = 0;
        for (Object record : records) {
            String where = source + ", result #" + (index + 1);
            if (!(record instanceof Map<?, ?> r)) {
                throw new IllegalArgumentException(where + ": should be a JSON object, but is a " + kind(record));
            }
            out.add(measurement(r, run, source, where));
            index++;
        }
        return out;
    }

    private static Measurement measurement(Map<?, ?> r, String run, String source, String where) {
        String benchmark = string(r, "benchmark", where);
        int lastDot = benchmark.lastIndexOf('.');
        if (lastDot <= 0 || lastDot == benchmark.length() - 1) {
            throw new IllegalArgumentException(where + ": \"benchmark\" should be CLASS.METHOD, but is \"" + benchmark + "\"");
        }
        String className = benchmark.substring(0, lastDot);
        String simpleClass = className.substring(className.lastIndexOf('.') + 1);
        String method = benchmark.substring(lastDot + 1);
        where = where + " (" + simpleClass + "." + method + ")";

        TreeMap<String, String> params = new TreeMap<>();
        if (r.get("params") instanceof Map<?, ?> p) {
            for (Map.Entry<?, ?> e : p.entrySet()) {
                params.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        if (!(r.get("primaryMetric") instanceof Map<?, ?> metric)) {
            throw new IllegalArgumentException(where + ": no \"primaryMetric\" object");
        }
        List<Double> iterations = new ArrayList<>();
        if (metric.get("rawData") instanceof List<?> forks) {
            for (Object fork : forks) {
                if (fork instanceof List<?> values) {
                    for (Object v : values) {
                        iterations.add(number(v, "primaryMetric.rawData", where));
                    }
                }
            }
        }
        return new Measurement(
                run,
                source,
                simpleClass,
                method,
                params,
                string(r, "mode", where),
                number(metric.get("score"), "primaryMetric.score", where),
                number(metric.get("scoreError"), "primaryMetric.scoreError", where),
                string(metric, "scoreUnit", where),
                r.get("jdkVersion") instanceof String jdk ? jdk : "",
                iterations,
                settings(r));
    }

    /** E.g. "1 fork, 2 × 1 s warm-up, 3 × 1 s measured". */
    private static String settings(Map<?, ?> r) {
        StringBuilder sb = new StringBuilder();
        if (r.get("forks") instanceof Double forks) {
            sb.append(forks.intValue()).append(forks.intValue() == 1 ? " fork" : " forks");
        }
        if (r.get("warmupIterations") instanceof Double wi) {
            sb.append(sb.isEmpty() ? "" : ", ").append(wi.intValue());
            if (r.get("warmupTime") instanceof String wt) {
                sb.append(" × ").append(wt);
            }
            sb.append(" warm-up");
        }
        if (r.get("measurementIterations") instanceof Double i) {
            sb.append(sb.isEmpty() ? "" : ", ").append(i.intValue());
            if (r.get("measurementTime") instanceof String t) {
                sb.append(" × ").append(t);
            }
            sb.append(" measured");
        }
        return sb.toString();
    }

    private static String string(Map<?, ?> map, String field, String where) {
        if (map.get(field) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(where + ": \"" + field + "\" should be a string, but is "
                + (map.containsKey(field) ? "a " + kind(map.get(field)) : "missing"));
    }

    private static double number(Object value, String field, String where) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
            return Double.parseDouble(s);
        }
        throw new IllegalArgumentException(where + ": \"" + field + "\" should be a number, but is "
                + (value == null ? "missing or null" : "a " + kind(value) + " (" + value + ")"));
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "object";
        } else if (value instanceof List) {
            return "array";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Double) {
            return "number";
        } else if (value instanceof Boolean) {
            return "boolean";
        }
        return "null";
    }
}
