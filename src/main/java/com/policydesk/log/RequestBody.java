package com.policydesk.log;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        // One pass, straight into the buffer, the inside of strings eight bytes at a time: a body only shrinks here,
        // but for an escaped control character (which a valid body does not hold) and the asOf added at the end.
        byte[] to = out.reserve(body.length + Long.BYTES);
        int written = out.length();
        int rootStart = -1;
        int depth = 0;
        boolean inString = false;
        boolean keyExpected = false;
        int keyStart = -1;
        boolean hasAsOf = false;
        int at = hasByteOrderMark(body) ? 3 : 0;
        while (at < body.length) {
            if (inString) {
                int plain = plainRun(body, at, to, written);
                at += plain;
                written += plain;
                if (at == body.length) {
                    break;
                }
            }
            byte next = body[at];
            if (inString) {
                if (next == '\\' && at + 1 < body.length) {
                    to[written++] = next;
                    to[written++] = body[++at];
                } else if (next >= 0 && next < 0x20) {
                    out.setLength(written);
                    out.ascii(String.format("\\u%04x", (int) next));
                    to = out.reserve(body.length - at + Long.BYTES);
                    written = out.length();
                } else {
                    to[written++] = next;
                    if (next == '"') {
                        inString = false;
                        hasAsOf |= keyStart >= 0 && isAsOf(to, keyStart, written);
                    }
                }
            } else if (!isWhitespace(next)) {
                if (next == '"') {
                    inString = true;
                    keyStart = keyExpected ? written : -1;
                } else if (next == '{' || next == '[') {
                    depth++;
                    rootStart = depth == 1 ? written : rootStart;
                } else if (next == '}' || next == ']') {
                    depth--;
                }
                keyExpected = depth == 1 && (next == '{' || next == ',');
                to[written++] = next;
            }
            at++;
        }
        out.setLength(written);
        if (!hasAsOf && rootStart >= 0) {
            boolean empty = out.array()[rootStart + 1] == '}';
            out.insert(rootStart + 1, ("\"asOf\":\"" + asOf + "\"" + (empty ? "" : ",")).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Copies the bytes of a string from {@code at} up to the first that ends it or needs a look (a quote, a
     * backslash, a control character), eight at a time; returns how many it copied. {@code to} has eight bytes of
     * room past what it copies.
     */
    private static int plainRun(byte[] body, int at, byte[] to, int written) {
        int copied = 0;
        while (at + copied + Long.BYTES <= body.length) {
            long word = (long) LONGS.get(body, at + copied);
            LONGS.set(to, written + copied, word);
            long special = special(word);
            if (special != 0) {
                return copied + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            copied += Long.BYTES;
        }
        while (at + copied < body.length) {
            byte next = body[at + copied];
            if (next == '"' || next == '\\' || next >= 0 && next < 0x20) {
                break;
            }
            to[written + copied++] = next;
        }
        return copied;
    }

    /**
     * The high bit of each byte of the word that is a quote, a backslash or below 0x20 (the classic test for a zero
     * byte, {@code (x - 0x01…) & ~x & 0x80…}, after an XOR with the byte looked for). It may also flag bytes after a
     * flagged one, never before: the lowest flag is exact.
     */
    private static long special(long word) {
        long quotes = word ^ 0x2222_2222_2222_2222L;
        long backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5CL;
        long isQuote = (quotes - 0x0101_0101_0101_0101L) & ~quotes;
        long isBackslash = (backslashes - 0x0101_0101_0101_0101L) & ~backslashes;
        long isControl = (word - 0x2020_2020_2020_2020L) & ~word;
        return (isQuote | isBackslash | isControl) & 0x8080_8080_8080_8080L;
    }

    /** Whether the string between {@code start} and {@code end} (quotes included) is the key {@code asOf}. */
    private static boolean isAsOf(byte[] body, int start, int end) {
        if (end - start - 2 == AS_OF.length && body[start + 1] != '\\') {
            return Arrays.equals(body, start + 1, end - 1, AS_OF, 0, AS_OF.length);
        }
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
