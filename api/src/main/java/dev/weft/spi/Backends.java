package dev.weft.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The backends installed on the class path, and the rule that picks one.
 *
 * <p>Selection: an explicit name (from {@code Scheduler.builder().backend(..)}, else the system
 * property {@value #PROPERTY}) must name an installed, available backend; otherwise the
 * available backend with the highest {@linkplain Backend#priority() priority} wins. Failures
 * say which backends are installed, why each cannot run, and what to add.
 */
public final class Backends {
    /** The system property that forces a backend: {@code -Dweft.backend=loom|fallback}. */
    public static final String PROPERTY = "weft.backend";

    private static volatile List<BackendStatus> installed;

    private Backends() {
    }

    /** Every backend on the class path, available or not, in descending priority. */
    public static List<BackendStatus> installed() {
        List<BackendStatus> result = installed;
        if (result == null) {
            synchronized (Backends.class) {
                result = installed;
                if (result == null) {
                    installed = result = Collections.unmodifiableList(load());
                }
            }
        }
        return result;
    }

    /**
     * Picks the backend to use.
     *
     * @param requested a backend name, or {@code null} to use the system property, then the best
     * @throws IllegalStateException if the requested backend is missing or cannot run, or if no
     *     backend can run; the message says what to add
     */
    public static Backend select(String requested) {
        String name = requested != null ? requested : System.getProperty(PROPERTY);
        if (name != null && !name.trim().isEmpty()) {
            name = name.trim().toLowerCase(Locale.ROOT);
            for (BackendStatus s : installed()) {
                if (s.name().equals(name)) {
                    if (s.available()) {
                        return s.backend();
                    }
                    throw new IllegalStateException("weft backend '" + name + "' was requested"
                            + (requested != null ? "" : " (-D" + PROPERTY + "=" + name + ")")
                            + " but cannot run in this JVM: " + s.reason());
                }
            }
            throw new IllegalStateException("weft backend '" + name + "' was requested"
                    + (requested != null ? "" : " (-D" + PROPERTY + "=" + name + ")")
                    + " but is not on the class path; installed: " + describe()
                    + ". Add the artifact dev.weft:weft-" + name + " to the class path.");
        }
        for (BackendStatus s : installed()) {
            if (s.available()) {
                return s.backend();
            }
        }
        List<BackendStatus> all = installed();
        throw new IllegalStateException("no weft backend can run in this JVM; installed: " + describe()
                + (all.isEmpty() ? ". Add dev.weft:weft-loom (JDK 21+) or dev.weft:weft-fallback to the class path."
                        : ". Fix what a reason above names, or add another backend to the class path"
                        + " (dev.weft:weft-loom on JDK 21+, dev.weft:weft-fallback on any JDK)."));
    }

    private static String describe() {
        List<BackendStatus> all = installed();
        if (all.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (BackendStatus s : all) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static List<BackendStatus> load() {
        List<BackendStatus> result = new ArrayList<BackendStatus>();
        Iterator<Backend> it = ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).iterator();
        int failures = 0;
        while (failures < 16) { // a broken iterator may fail forever; there are not that many backends
            try {
                if (!it.hasNext()) {
                    break;
                }
                Backend b = it.next();
                String reason;
                try {
                    reason = b.unavailableReason();
                } catch (RuntimeException | LinkageError e) {
                    reason = "its availability check failed: " + e;
                }
                result.add(new BackendStatus(b.name(), reason, b));
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                // A backend compiled for a newer JDK than this one fails to load (some JDKs wrap the
                // UnsupportedClassVersionError, some do not): say so by name and keep looking.
                result.add(new BackendStatus(guessName(e), "cannot be loaded in this JVM (Java "
                        + System.getProperty("java.specification.version") + "): " + rootMessage(e)
                        + (String.valueOf(e.getMessage()).contains("dev/weft/loom")
                                || String.valueOf(e.getMessage()).contains("dev.weft.loom")
                                ? ". The loom backend needs JDK 21 or newer." : ""), null));
            }
        }
        Collections.sort(result, (a, b) -> {
            int pa = a.backend() == null ? Integer.MIN_VALUE : a.backend().priority();
            int pb = b.backend() == null ? Integer.MIN_VALUE : b.backend().priority();
            return Integer.compare(pb, pa);
        });
        return result;
    }

    private static String guessName(Throwable e) {
        String m = String.valueOf(e.getMessage()).replace('/', '.');
        int i = m.indexOf("dev.weft.");
        if (i >= 0) {
            String rest = m.substring(i + "dev.weft.".length());
            int dot = rest.indexOf('.');
            if (dot > 0) {
                return rest.substring(0, dot);
            }
        }
        return "unknown";
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.toString();
    }
}
