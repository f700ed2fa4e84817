package com.policydesk.log;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A request body as the log keeps it: the bytes as received, without the whitespace between tokens, and with the
 * day it was decided for when the body left {@code asOf} out (it then defaults to the day it was read, and a re-run
 * must not take it from the day it runs). Reading it again gives the same request, field for field.
 *
 * <p>The body must be one valid JSON object in UTF-8, as {@link #isUtf8Object} tells: the log only keeps bodies
 * that the request reader accepted. Control characters inside strings, which JSON forbids unescaped, are escaped
 * anyway, so that a body never holds a raw line break (the log separates the request from the recommendations by
 * one).
 */
final class RequestBody {
    private static final ObjectMapper KEYS = new ObjectMapper();
    private static final byte[] AS_OF = "asOf".getBytes(StandardCharsets.US_ASCII);

    private RequestBody() {
    }

    /** Whether the body is UTF-8 text starting with an object (a body in UTF-16 or 32 is not kept as it is). */
    static boolean isUtf8Object(byte[] body) {
        int at = hasByteOrderMark(body) ? 3 : 0;
        while (at < body.length && isWhitespace(body[at])) {
            at++;
        }
        return at < body.length && body[at] == '{' && (at + 1 >= body.length || body[at + 1] != 0);
    }

    /** Appends the body, compacted, with {@code asOf} added when it has none of its own. */
    static void compact(byte[] body, LocalDate asOf, JsonBuffer out) {
        int rootStart = -1;
        int depth = 0;
        boolean keyExpected = false;
        boolean hasAsOf = false;
        int at = hasByteOrderMark(body) ? 3 : 0;
        while (at < body.length) {
            byte next = body[at];
            if (next == '"') {
                int end = endOfString(body, at);
                if (keyExpected && isAsOf(body, at, end)) {
                    hasAsOf = true;
                }
                keyExpected = false;
                copyString(body, at, end, out);
                at = end;
                continue;
            }
            if (!isWhitespace(next)) {
                if (next == '{' || next == '[') {
                    depth++;
                    if (depth == 1) {
                        rootStart = out.length();
                    }
                } else if (next == '}' || next == ']') {
                    depth--;
                }
                keyExpected = depth == 1 && (next == '{' || next == ',');
                out.raw(next);
            }
            at++;
        }
        if (!hasAsOf && rootStart >= 0) {
            boolean empty = out.array()[rootStart + 1] == '}';
            out.insert(rootStart + 1, ("\"asOf\":\"" + asOf + "\"" + (empty ? "" : ",")).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The index just after the string that starts (with its quote) at {@code start}. */
    private static int endOfString(byte[] body, int start) {
        int at = start + 1;
        while (at < body.length) {
            byte next = body[at];
            if (next == '\\') {
                at += 2;
            } else if (next == '"') {
                return at + 1;
            } else {
                at++;
            }
        }
        return body.length;
    }

    private static void copyString(byte[] body, int start, int end, JsonBuffer out) {
        int copied = start;
        for (int at = start; at < end; at++) {
            byte next = body[at];
            if (next >= 0 && next < 0x20) {
                out.raw(body, copied, at - copied).ascii(String.format("\\u%04x", (int) next));
                copied = at + 1;
            }
        }
        out.raw(body, copied, end - copied);
    }

    /** Whether the string between {@code start} and {@code end} (quotes included) is the key {@code asOf}. */
    private static boolean isAsOf(byte[] body, int start, int end) {
        int length = end - start - 2;
        boolean escaped = false;
        for (int at = start + 1; at < end - 1; at++) {
            escaped |= body[at] == '\\';
        }
        if (!escaped) {
            return length == AS_OF.length && Arrays.equals(body, start + 1, end - 1, AS_OF, 0, AS_OF.length);
        }
        try {
            return "asOf".equals(KEYS.readValue(body, start, end - start, String.class));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasByteOrderMark(byte[] body) {
        return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    }

    private static boolean isWhitespace(byte value) {
        return value == ' ' || value == '\n' || value == '\r' || value == '\t';
    }
}
