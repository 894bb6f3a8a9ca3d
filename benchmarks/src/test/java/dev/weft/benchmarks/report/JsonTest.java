package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void objectsKeepDocumentOrderAndNestedValues() {
        Object v = Json.parse(" {\"b\" : [1, 2.5, -3e2], \"a\": {\"x\": true, \"y\": false, \"z\": null}, \"s\": \"t\"} ");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("x", true);
        inner.put("y", false);
        inner.put("z", null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", List.of(1.0, 2.5, -300.0));
        expected.put("a", inner);
        expected.put("s", "t");
        assertEquals(expected, v);
        assertEquals(List.of("b", "a", "s"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @Test
    void emptyContainersAndScalarsAtTopLevel() {
        assertEquals(Map.of(), Json.parse("{}"));
        assertEquals(List.of(), Json.parse("[ ]"));
        assertEquals(0.0, Json.parse("0"));
        assertEquals(-0.125, Json.parse("-1.25E-1"));
        assertNull(Json.parse("null"));
    }

    @Test
    void stringEscapesAreDecoded() {
        assertEquals("a\"b\\c/d\be\ff\ng\rh\ti\u00e9\u20ac", Json.parse("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u00e9\\u20AC\""));
    }

    @Test
    void duplicateKeyKeepsTheLastValue() {
        assertEquals(Map.of("k", 2.0), Json.parse("{\"k\": 1, \"k\": 2}"));
    }

    @Test
    void errorsNameLineColumnAndWhatWasExpected() {
        assertEquals("not valid JSON at line 2, column 5: expected ',' or '}' in an object, found '\"'",
                message("{\"a\": 1\n    \"b\": 2}"));
        assertEquals("not valid JSON at line 1, column 8: expected a value, found the end of the input", message("[1, 2, "));
        assertEquals("not valid JSON at line 1, column 5: expected end of input after the top-level value, found 'x'",
                message("[1] x"));
        assertEquals("not valid JSON at line 1, column 5: expected a closing '\"', found the end of the input",
                message("\"abc"));
        assertEquals("not valid JSON at line 1, column 2: expected a value, found 'N'", message("[NaN]"));
        assertEquals("not valid JSON at line 1, column 4: expected a digit after the decimal point, found ']'",
                message("[1.]"));
        assertEquals("not valid JSON at line 1, column 3: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX,"
                + " found 'x'", message("\"\\x\""));
        assertEquals("not valid JSON at line 1, column 2: expected a string key, found '1'", message("{1: 2}"));
    }

    @Test
    void resultIsUnmodifiable() {
        Object v = Json.parse("{\"a\": [1]}");
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) v).put("b", 1.0));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) ((Map<?, ?>) v).get("a")).add(2.0));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Json.parse(text),
                () -> "accepted " + Arrays.toString(text.toCharArray())).getMessage();
    }
}
