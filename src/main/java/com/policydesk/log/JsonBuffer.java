package com.policydesk.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

/**
 * A growable buffer of UTF-8 JSON, written by hand: what a log row's JSON needs (strings, whole numbers, the
 * values a rule puts in a recommendation's details) without a serializer's per-call set-up. A value of another
 * type is written by Jackson, as the API writes it. Not thread-safe; reusable with {@link #clear()}.
 */
final class JsonBuffer {
    private static final ObjectMapper OTHER_VALUES = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] bytes;
    private int length;

    JsonBuffer(int capacity) {
        this.bytes = new byte[capacity];
    }

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** The buffer itself, valid up to {@link #length()} until the next write. */
    byte[] array() {
        return bytes;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * Room for {@code count} more bytes: the caller writes them into the returned array from {@link #length()} on,
     * then calls {@link #setLength}.
     */
    byte[] reserve(int count) {
        ensure(count);
        return bytes;
    }

    void setLength(int newLength) {
        length = newLength;
    }

    JsonBuffer raw(byte value) {
        ensure(1);
        bytes[length++] = value;
        return this;
    }

    JsonBuffer raw(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
        return this;
    }

    JsonBuffer raw(byte[] source) {
        return raw(source, 0, source.length);
    }

    /** Inserts bytes at {@code at}, moving what follows. */
    JsonBuffer insert(int at, byte[] source) {
        ensure(source.length);
        System.arraycopy(bytes, at, bytes, at + source.length, length - at);
        System.arraycopy(source, 0, bytes, at, source.length);
        length += source.length;
        return this;
    }

    /** ASCII text as it is (field names and other text known to need no escaping). */
    JsonBuffer ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    JsonBuffer number(long value) {
        return ascii(Long.toString(value));
    }

    /** A JSON string: quoted, escaped, UTF-8; {@code null} for null. */
    JsonBuffer string(String text) {
        if (text == null) {
            return raw(NULL);
        }
        // at most 6 bytes a character (an escape), and the quotes: no check per character
        ensure(text.length() * 6 + 2);
        bytes[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                bytes[length++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else {
                utf8(text, i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return raw((byte) '"');
    }

    /** A detail's value: text, numbers, booleans, dates, enums, lists and maps of them; others as Jackson writes them. */
    JsonBuffer value(Object value) {
        if (value == null) {
            return raw(NULL);
        } else if (value instanceof CharSequence text) {
            return string(text.toString());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return ascii(value.toString());
        } else if (value instanceof Boolean flag) {
            return ascii(flag ? "true" : "false");
        } else if (value instanceof Enum<?> constant) {
            return string(constant.name());
        } else if (value instanceof LocalDate || value instanceof Instant) {
            return string(value.toString()); // ISO-8601, as the API's Jackson writes them
        } else if (value instanceof Map<?, ?> map) {
            return map(map);
        } else if (value instanceof Iterable<?> items) {
            raw((byte) '[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    raw((byte) ',');
                }
                first = false;
                value(item);
            }
            return raw((byte) ']');
        }
        return other(value);
    }

    JsonBuffer map(Map<?, ?> map) {
        raw((byte) '{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                raw((byte) ',');
            }
            first = false;
            string(String.valueOf(entry.getKey())).raw((byte) ':').value(entry.getValue());
        }
        return raw((byte) '}');
    }

    private JsonBuffer other(Object value) {
        try {
            return raw(OTHER_VALUES.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void escape(char c) {
        bytes[length++] = '\\';
        switch (c) {
            case '"' -> bytes[length++] = '"';
            case '\\' -> bytes[length++] = '\\';
            case '\n' -> bytes[length++] = 'n';
            case '\r' -> bytes[length++] = 'r';
            case '\t' -> bytes[length++] = 't';
            default -> {
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[c >> 4];
                bytes[length++] = HEX[c & 0xF];
            }
        }
    }

    private void utf8(String text, int at) {
        int codePoint = text.codePointAt(at);
        if (Character.isSurrogate(text.charAt(at)) && codePoint == text.charAt(at)) {
            bytes[length++] = '?'; // a lone surrogate: what String.getBytes writes for it too
        } else if (codePoint < 0x800) {
            bytes[length++] = (byte) (0xC0 | codePoint >> 6);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            bytes[length++] = (byte) (0xE0 | codePoint >> 12);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
        } else {
            bytes[length++] = (byte) (0xF0 | codePoint >> 18);
            bytes[length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }
}
