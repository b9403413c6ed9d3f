package io.github.mailback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounded JSON reader of token answers and key files. */
@Timeout(10)
class JsonTest {

    @Test
    void readsTheTopLevelMembersWithTheirTypesAndSkipsNestedValues() throws IOException {
        Map<String, Object> m = Json.parse(" {\"access_token\":\"eyJ0.a-b_c\", \"expires_in\" : 3599,"
                + "\"ext\":{\"access_token\":\"inner\",\"list\":[1,\"two\",{\"x\":[]}]},\"ok\":true,\"none\":null,"
                + "\"ratio\":-1.5e2} \n");
        assertEquals("eyJ0.a-b_c", m.get("access_token"), "a nested member must not replace a top-level one");
        assertEquals(3599.0, m.get("expires_in"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(-150.0, m.get("ratio"));
        assertFalse(m.containsKey("ext") || m.containsKey("none") || m.containsKey("list"), m.toString());
    }

    @Test
    void readsTheScalarElementsOfTopLevelArraysAndSkipsNestedOnes() throws IOException {
        Map<String, Object> m = Json.parse("{\"error_codes\":[50033,\"x\",{\"y\":[1]},[2],null,true],\"none\":[],"
                + "\"ext\":{\"inner\":[3]}}");
        assertEquals(List.of(50033.0, "x", Boolean.TRUE), m.get("error_codes"));
        assertEquals(List.of(), m.get("none"));
        assertFalse(m.containsKey("ext") || m.containsKey("inner"), m.toString());
    }

    @Test
    void decodesEscapes() throws IOException {
        Map<String, Object> m = Json.parse("{\"k\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude80\"}");
        assertEquals("a\"b\\c/d\né🚀", m.get("k"));
    }

    @Test
    void quoteWritesWhatParseReadsBack() throws IOException {
        String hostile = "x\",\"sub\":\"admin@example.com\\\u0001\n";
        assertEquals(Map.of("k", hostile), Json.parse("{\"k\":" + Json.quote(hostile) + "}"));
    }

    @Test
    void nestingIsBoundedSoHostileInputCannotExhaustTheStack() throws IOException {
        Json.parse("{\"a\":" + "[".repeat(15) + "]".repeat(15) + "}");
        IOException e = assertThrows(IOException.class,
                () -> Json.parse("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        assertEquals("JSON nested too deeply", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"s\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":\"open}",
        "{\"a\":1} x", "{\"a\":tru}", "{\"a\":NaN}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\u0001\"}",
        "{'a':1}", "{\"a\":[1 2]}"})
    void anythingButOneJsonObjectIsRefused(String text) {
        assertThrows(IOException.class, () -> Json.parse(text));
    }
}
