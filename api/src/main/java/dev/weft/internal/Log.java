package dev.weft.internal;

import dev.weft.Microthread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * weft's only logger. When SLF4J has no provider, failures still reach {@code System.err}:
 * an uncaught failure is never silently lost.
 */
public final class Log {
    private static final Logger LOG = LoggerFactory.getLogger("dev.weft");

    private Log() {
    }

    private static boolean noProvider() {
        return LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory
                || LOG.getClass().getName().startsWith("org.slf4j.helpers.NOP");
    }

    /** The last resort for a microthread's uncaught failure. */
    public static void uncaught(Microthread t, Throwable e) {
        String m = "Uncaught exception in microthread " + t;
        if (noProvider()) {
            System.err.println("[weft] " + m);
            e.printStackTrace(System.err);
        } else {
            LOG.error(m, e);
        }
    }

    static void handlerFailed(Microthread t, Throwable original, Throwable handlerFailure) {
        handlerFailure.addSuppressed(original);
        error("The uncaught-exception handler of microthread " + t + " itself failed", handlerFailure);
    }

    static void outsideEventFailed(SchedulerCore core, Throwable e) {
        error("An event handed to " + core + " from another thread failed", e);
    }

    static void stall(SchedulerCore core, String dump) {
        warn(dump);
    }

    static void abandoned(SchedulerCore core, String dump) {
        warn("giving up on microthreads that deadlocked " + SchedulerCore.DEADLOCKS_BEFORE_GIVING_UP
                + " times in a row with none of them ending (each time they caught the DeadlockException"
                + " and waited again); they are abandoned:\n" + dump);
    }

    private static void warn(String m) {
        if (noProvider()) {
            System.err.println("[weft] WARN " + m);
        } else {
            LOG.warn(m);
        }
    }

    private static void error(String m, Throwable e) {
        if (noProvider()) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            System.err.println("[weft] ERROR " + m + "\n" + w);
        } else {
            LOG.error(m, e);
        }
    }
}
