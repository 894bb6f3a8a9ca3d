package dev.weft.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.compat.runner.ConformanceMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance suite as users run it ({@code java -javaagent:weft-fallback-<v>.jar -jar
 * weft-compat-tests-<v>-all.jar} on JDK 25): the loom and the fallback column in one JVM, whose
 * classes the agent has woven for both. The Maven runs of the suite use one JVM per backend, so
 * only this test sees what the two share: woven code running on loom, static initializers run
 * once per JVM.
 */
class RunnableSuiteTest {
    private static final Pattern TOTAL = Pattern.compile("total\\s*\\|\\s*(\\d+)/(\\d+)/(\\d+)\\s*\\|\\s*(\\d+)/(\\d+)/(\\d+)");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, loudly
    void bothColumnsPassInOneJvmWithTheAgent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConformanceMain.run(new String[0], new PrintStream(out, true), new PrintStream(err, true));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);

        assertTrue(printed.contains("| loom") || printed.contains("loom "), printed);
        Matcher total = TOTAL.matcher(printed);
        assertTrue(total.find(), "no total row with two columns:\n" + printed);
        int loomPassed = Integer.parseInt(total.group(1));
        int fallbackPassed = Integer.parseInt(total.group(4));
        assertEquals("0/0", total.group(2) + "/" + total.group(3), "loom failed/skipped:\n" + printed);
        assertEquals("0/0", total.group(5) + "/" + total.group(6), "fallback failed/skipped:\n" + printed);
        assertEquals(loomPassed, fallbackPassed, "the same tests on both backends:\n" + printed);
        assertTrue(loomPassed >= 499, "the whole suite ran: " + loomPassed + "\n" + printed);
        assertEquals(0, code, printed);
    }
}
