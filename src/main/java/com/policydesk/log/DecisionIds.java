package com.policydesk.log;

import com.policydesk.engine.Hashes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decision ids: UUIDs whose first 48 bits are the time in milliseconds (version 7, RFC 9562), the other 74 random.
 * Ids made one after another sort one after another, so the log's unique index on them grows at its end instead of
 * dirtying a random page per decision. They identify decisions, they are no secret: the look-up wants the admin
 * token.
 */
public final class DecisionIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

    private DecisionIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    /**
     * The id of the decision of one delivered message, the same every time it is delivered: version 7 with the
     * message's time, and the other 74 bits taken from a SHA-256 of its name (where it was delivered from). A
     * message decided again after a redelivery thus keeps its id, which lets a reader of the answers (and the
     * SQLite log, which keeps one row per id) tell a repeat from a new decision.
     */
    public static String of(long millis, String name) {
        ByteBuffer digest = ByteBuffer.wrap(Hashes.sha256Bytes(name.getBytes(StandardCharsets.UTF_8)));
        long high = (millis << 16) | VERSION_7 | (digest.getLong() & 0x0FFFL);
        long low = VARIANT_RFC | (digest.getLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }

    static String next(long millis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | VERSION_7 | (random.nextLong() & 0x0FFFL);
        long low = VARIANT_RFC | (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }
}
