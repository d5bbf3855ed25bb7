package dev.warden.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers from the test suites of securesystemslib ({@code tests/test_formats.py}, {@code encode_canonical})
 * and of {@code @tufjs/canonical-json} ({@code src/__test__/index.test.ts}), the two encoders whose output Warden's
 * signatures must match byte for byte.
 */
class CanonicalJsonTest {
    private static String canonical(String json) {
        return new String(
                CanonicalJson.encode(TufJson.parse(json.getBytes(StandardCharsets.UTF_8), "test")),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`\"\"`|`\"\"`",
                "[1, 2, 3]|[1,2,3]",
                "[]|[]",
                "{}|{}",
                "{\"A\": [99]}|{\"A\":[99]}",
                "{\"A\": true}|{\"A\":true}",
                "{\"B\": false}|{\"B\":false}",
                "{\"y\": 2, \"x\": 3}|{\"x\":3,\"y\":2}",
                "{\"x\": 3, \"y\": null}|{\"x\":3,\"y\":null}",
                "`\"\\\"\"`|`\"\\\"\"`",
                "`\"\\\\\"`|`\"\\\\\"`",
                "`\"\\\\\\\"\"`|`\"\\\\\\\"\"`"
            })
    void matchesTheVectorsOfSecuresystemslibAndTufJs(String json, String expected) {
        assertThat(canonical(json)).isEqualTo(expected);
    }

    @Test
    void leavesEveryCharacterButBackslashAndQuoteRawAndSortsKeys() {
        // @tufjs/canonical-json's combined vector: a newline stays a raw newline byte.
        String json = "{\"truthy\": true, \"falsy\": false, \"nullish\": null, \"number\": 42, \"string\": \"foo\","
                + " \"escape\": \"\\\"foo\\\"\\\\bar\\nbaz\", \"array\": [1, 2, 3],"
                + " \"object\": {\"foo\": \"bar\", \"baz\": \"qux\"}}";
        assertThat(canonical(json))
                .isEqualTo("{\"array\":[1,2,3],\"escape\":\"\\\"foo\\\"\\\\bar\nbaz\",\"falsy\":false,"
                        + "\"nullish\":null,\"number\":42,\"object\":{\"baz\":\"qux\",\"foo\":\"bar\"},"
                        + "\"string\":\"foo\",\"truthy\":true}");
    }

    @Test
    void writesNonAsciiAsUtf8() {
        byte[] encoded = CanonicalJson.encode(
                TufJson.parse("{\"amus\\u00e9e\": \"\\ud83d\\udca9\"}".getBytes(StandardCharsets.UTF_8), "test"));
        assertThat(encoded).isEqualTo(new byte[] {
            '{',
            '"',
            'a',
            'm',
            'u',
            's',
            (byte) 0xc3,
            (byte) 0xa9,
            'e',
            '"',
            ':',
            '"',
            (byte) 0xf0,
            (byte) 0x9f,
            (byte) 0x92,
            (byte) 0xa9,
            '"',
            '}'
        });
    }

    @Test
    void writesLargeIntegersExactly() {
        assertThat(canonical("[18446744073709551616, -5, 0]")).isEqualTo("[18446744073709551616,-5,0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.14", "1.0", "1e3", "{\"version\": 2.5}"})
    void refusesFloatingPointNumbers(String json) {
        // securesystemslib refuses floats; JavaScript cannot tell 1.0 from 1, so Warden refuses both rather than guess.
        assertThatThrownBy(() -> canonical(json))
                .isInstanceOf(TufException.class)
                .extracting(e -> ((TufException) e).reason())
                .isEqualTo(TufReason.MALFORMED);
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThatThrownBy(() -> canonical("\"\\ud800x\""))
                .isInstanceOf(TufException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void sortsKeysByCodePointAndRefusesKeysOnWhichPythonAndJavaScriptWouldDisagree() {
        assertThat(canonical("{\"b\": 1, \"\\ud83d\\ude00\": 2, \"a\": 3}"))
                .isEqualTo("{\"a\":3,\"b\":1,\"\uD83D\uDE00\":2}");
        // U+FFFD sorts before U+1F600 by code point (Python) and after it by UTF-16 unit (JavaScript).
        assertThatThrownBy(() -> canonical("{\"\\ufffd\": 1, \"\\ud83d\\ude00\": 2}"))
                .isInstanceOf(TufException.class)
                .hasMessageContaining("sort differently");
    }

    @Test
    void signsTheSameBytesWhateverTheKeyOrderOfTheInput() {
        ObjectNode a = TufJson.NODES.objectNode().put("z", 1).put("a", "x");
        JsonNode b = TufJson.parse("{\"a\":\"x\",\"z\":1}".getBytes(StandardCharsets.UTF_8), "test");
        assertThat(CanonicalJson.encode(a)).isEqualTo(CanonicalJson.encode(b));
    }
}
