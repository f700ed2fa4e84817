package com.policydesk.log;

import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.IntentAction;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.SubscriptionStatus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The preset dictionary a row's payload is compressed with: text a decision's JSON is likely to repeat (the
 * request's field names and enum values, the shape of the recommendations), so that a row of about 1.2 KB of JSON
 * takes about 350 bytes. A dictionary is stored in the file with an id and never changes; rows name theirs, so a
 * later version may bring another and the older rows still read.
 *
 * <p>A payload is a raw DEFLATE stream followed by the Adler-32 of the dictionary and the content (big-endian).
 * Behind {@link #zlibPrefix()}, a zlib header and the dictionary as a stored block, it is a complete zlib stream
 * whose content is the dictionary followed by the payload's JSON: what the sqlite3 shell's
 * {@code sqlar_uncompress} reads (the {@code decisions_json} view does so).
 */
final class PayloadDictionary {
    private static final int ADLER_MOD = 65_521;
    /** Bytes that can be summed before the Adler sums must be reduced (zlib's NMAX). */
    private static final int ADLER_RUN = 5_552;

    private final byte[] bytes;
    private final long adlerOfBytes;

    PayloadDictionary(byte[] bytes) {
        if (bytes.length > 65_535) {
            throw new IllegalArgumentException("a dictionary must fit one stored block: at most 65535 bytes");
        }
        this.bytes = bytes.clone();
        this.adlerOfBytes = adler(1, bytes, 0, bytes.length);
    }

    /**
     * The dictionary of this version: a request's field names and the model's enum values, the commonest last
     * (nearest the data, so the cheapest to refer to), and the punctuation of the recommendations' form.
     */
    static PayloadDictionary current() {
        String values = Stream.of(SubscriptionStatus.values(), Channel.values(), Billing.values(), Cloud.values(),
                        PartnerRole.values(), IntentAction.values())
                .flatMap(Arrays::stream).map(PayloadDictionary::quoted).collect(Collectors.joining(","));
        String text = values
                + "\"targetPartnerId\":\"\",\"targetInCsp\":false,\"targetInCsp\":true},"
                + "{\"asOf\":\"2026-01-01\",\"partner\":{\"id\":\"\",\"role\":" + quoted(PartnerRole.DIRECT_PARTNER) + "},"
                + "\"partner\":{\"id\":\"\",\"role\":" + quoted(PartnerRole.INDIRECT_RESELLER) + ",\"directPartnerId\":\"\"},"
                + "\"customer\":{\"id\":\"\",\"cloud\":" + quoted(Cloud.GLOBAL) + ",\"delegatedAdminPartnerIds\":[\"\"],"
                + "\"subscriptions\":[{\"id\":\"\",\"offer\":\"\",\"billing\":" + quoted(Billing.USAGE)
                + ",\"channel\":" + quoted(Channel.CSP) + ",\"status\":" + quoted(SubscriptionStatus.ACTIVE)
                + ",\"services\":[\"\",\"\"]},{\"id\":\"\",\"offer\":\"\",\"billing\":" + quoted(Billing.LICENSE)
                + ",\"channel\":\"\",\"sellerId\":\"\",\"status\":" + quoted(SubscriptionStatus.ACTIVE)
                + ",\"endDate\":\"2027-01-01\"}]},\"intent\":{\"action\":" + quoted(IntentAction.TAKE_OVER) + "}}\n"
                + "[[1,null,{\"\":\"\"}],[2,\"\"],[3,\"\",{\"\":\"\",\"\":[\"\"]}],[";
        return new PayloadDictionary(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(Enum<?> value) {
        return "\"" + value.name() + "\"";
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** A zlib header and the dictionary as a stored (uncompressed) block: put it before a payload to inflate it. */
    byte[] zlibPrefix() {
        byte[] prefix = new byte[7 + bytes.length];
        prefix[0] = 0x78; // deflate, 32 KiB window
        prefix[1] = 0x01; // no preset dictionary, fastest; the header's check bits (0x7801 is a multiple of 31)
        prefix[2] = 0x00; // a stored block that is not the last
        prefix[3] = (byte) bytes.length;
        prefix[4] = (byte) (bytes.length >>> 8);
        prefix[5] = (byte) ~bytes.length;
        prefix[6] = (byte) (~bytes.length >>> 8);
        System.arraycopy(bytes, 0, prefix, 7, bytes.length);
        return prefix;
    }

    /** A new encoder of payloads with this dictionary: one per thread. */
    Encoder encoder() {
        return new Encoder();
    }

    /**
     * The content of a payload.
     *
     * @param size     its length, as stored with the row
     * @param inflater a raw one ({@code nowrap}), reset here: a reader reuses one for every row it reads
     * @throws IllegalArgumentException when the payload is damaged
     */
    byte[] inflate(byte[] payload, int size, Inflater inflater) {
        if (payload.length < 4) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes is damaged");
        }
        try {
            inflater.reset();
            inflater.setDictionary(bytes);
            inflater.setInput(payload, 0, payload.length - 4);
            byte[] content = new byte[size];
            int read = 0;
            int n;
            do {
                n = inflater.inflate(content, read, size - read);
                read += n;
            } while (n > 0 && read < size);
            if (!inflater.finished()) {
                // the content ended where the stream did not: one more call reads the end of the block
                inflater.inflate(content, read, 0);
            }
            if (read != size || !inflater.finished() || adler(adlerOfBytes, content, 0, size) != storedAdler(payload)) {
                throw new IllegalArgumentException("a payload does not inflate to its " + size + " bytes: it is damaged");
            }
            return content;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a payload is damaged: " + e.getMessage(), e);
        }
    }

    private static long storedAdler(byte[] payload) {
        int at = payload.length - 4;
        return (payload[at] & 0xFFL) << 24 | (payload[at + 1] & 0xFFL) << 16 | (payload[at + 2] & 0xFFL) << 8
                | (payload[at + 3] & 0xFFL);
    }

    /** Adler-32 (RFC 1950) of {@code length} bytes, continued from the checksum of what came before them. */
    static long adler(long before, byte[] data, int offset, int length) {
        long a = before & 0xFFFF;
        long b = before >>> 16;
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int runEnd = Math.min(end, at + ADLER_RUN);
            for (; at < runEnd; at++) {
                a += data[at] & 0xFF;
                b += a;
            }
            a %= ADLER_MOD;
            b %= ADLER_MOD;
        }
        return b << 16 | a;
    }

    /** Compresses payloads with the dictionary; not thread-safe. */
    final class Encoder {
        private final Deflate deflate = new Deflate(bytes);

        /** The payload of {@code length} bytes of content: the raw DEFLATE stream and the Adler-32. */
        byte[] encode(byte[] content, int length) {
            byte[] stream = deflate.compress(content, length);
            int streamLength = deflate.length();
            byte[] payload = Arrays.copyOf(stream, streamLength + 4);
            long adler = adler(adlerOfBytes, content, 0, length);
            payload[streamLength] = (byte) (adler >>> 24);
            payload[streamLength + 1] = (byte) (adler >>> 16);
            payload[streamLength + 2] = (byte) (adler >>> 8);
            payload[streamLength + 3] = (byte) adler;
            return payload;
        }
    }
}
