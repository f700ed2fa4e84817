package com.policydesk.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** A body as the log keeps it: its own bytes without the spaces between tokens, and the day it was decided for. */
class RequestBodyTest {
    private static final LocalDate DECIDED_FOR = LocalDate.parse("2026-11-20");

    @Test
    void theSpacesBetweenTokensGoAndTheStringsStayByteForByte() {
        assertThat(compact("""
                { "asOf" : "2026-11-23",
                  "customer": { "id": "C 1 \\" \\\\ \\u00e9 é", "subscriptions" : [ ] } }
                """)).isEqualTo("""
                {"asOf":"2026-11-23","customer":{"id":"C 1 \\" \\\\ \\u00e9 é","subscriptions":[]}}""");
    }

    @Test
    void aBodyWithoutAsOfGetsTheDayItWasDecidedForFirst() {
        assertThat(compact("{ \"partner\": { \"asOf\": \"x\" } }")).isEqualTo("{\"asOf\":\"2026-11-20\",\"partner\":{\"asOf\":\"x\"}}");
        assertThat(compact("{ }")).isEqualTo("{\"asOf\":\"2026-11-20\"}");
    }

    @Test
    void anAsOfWrittenWithEscapesIsTheBodysOwn() {
        assertThat(compact("{\"\\u0061sOf\":\"2026-11-23\"}")).isEqualTo("{\"\\u0061sOf\":\"2026-11-23\"}");
    }

    @Test
    void aByteOrderMarkGoesAndARawControlCharacterIsEscaped() {
        byte[] body = "\uFEFF{\"asOf\":\"2026-11-23\",\"id\":\"a\tb\nc\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(compact(body)).isEqualTo("{\"asOf\":\"2026-11-23\",\"id\":\"a\\u0009b\\u000ac\"}");
    }

    @Test
    void onlyAUtf8ObjectIsKeptAsItIs() {
        assertThat(RequestBody.isUtf8Object(" \n{}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RequestBody.isUtf8Object("\uFEFF{}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RequestBody.isUtf8Object("{}".getBytes(StandardCharsets.UTF_16LE))).isFalse();
        assertThat(RequestBody.isUtf8Object("{}".getBytes(StandardCharsets.UTF_16))).isFalse();
        assertThat(RequestBody.isUtf8Object("[]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(RequestBody.isUtf8Object(new byte[0])).isFalse();
    }

    /** Strings are copied eight bytes at a time: an escape at any place of a string of any length is still seen. */
    @Test
    void anEscapeAnywhereInAStringOfAnyLengthIsKept() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int length = 0; length < 24; length++) {
            for (int at = 0; at <= length; at++) {
                for (String escape : new String[]{"\\\"", "\\\\", "\\n", "\\u00e9"}) {
                    String text = "x".repeat(at) + escape + "y".repeat(length - at);
                    String body = "{ \"asOf\": \"2026-11-23\",  \"a\" : \"" + text + "\" ,\n  \"b\": [ \"" + text + "\" ] }";

                    assertThat(compact(body)).as(body).isEqualTo("{\"asOf\":\"2026-11-23\",\"a\":\"" + text + "\",\"b\":[\"" + text + "\"]}");
                    assertThat(json.readTree(compact(body))).isEqualTo(json.readTree(body));
                }
            }
        }
    }

    @Test
    void theCompactBodyReadsAsTheSameRequest() throws Exception {
        RequestReader reader = new RequestReader();
        for (String name : new String[]{"standard.json", "large-estate.json"}) {
            byte[] body = Files.readAllBytes(Path.of("bench/requests", name));

            assertThat(reader.read(compact(body).getBytes(StandardCharsets.UTF_8))).as(name).isEqualTo(reader.read(body));
        }
    }

    private static String compact(String body) {
        return compact(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String compact(byte[] body) {
        JsonBuffer out = new JsonBuffer(16);
        RequestBody.compact(body, DECIDED_FOR, out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
