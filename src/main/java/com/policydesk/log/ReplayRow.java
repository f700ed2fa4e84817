package com.policydesk.log;

import java.util.Arrays;
import java.util.zip.Inflater;

/**
 * A logged decision as a replay reads it: its place, its id, and its request still compressed. Inflating is left
 * to whichever thread decides it, so that the one thread reading the file only copies rows.
 */
public final class ReplayRow {
    /** One raw inflater per replaying thread, reused for every row it inflates. */
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

    private final long sequence;
    private final Object id;
    private final PayloadDictionary dictionary;
    private final int size;
    private final byte[] payload;

    ReplayRow(long sequence, Object id, PayloadDictionary dictionary, int size, byte[] payload) {
        this.sequence = sequence;
        this.id = id;
        this.dictionary = dictionary;
        this.size = size;
        this.payload = payload;
    }

    /** Its place in the log: newer is larger. */
    public long sequence() {
        return sequence;
    }

    public String decisionId() {
        return StoredIds.text(id);
    }

    /** The request as logged (UTF-8 JSON, with its {@code asOf}), inflated on the calling thread. */
    public byte[] request() {
        byte[] content = dictionary.inflate(payload, size, INFLATERS.get());
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                return Arrays.copyOf(content, i);
            }
        }
        throw new IllegalStateException("a payload without its line break: it is damaged");
    }
}
