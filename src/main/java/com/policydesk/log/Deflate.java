package com.policydesk.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A small raw DEFLATE encoder (RFC 1951) for the log's rows: greedy LZ77 against a preset dictionary and the input,
 * written as one block of the fixed Huffman codes. Any inflater reads its output (given
 * the dictionary), and so does the sqlite3 shell's {@code sqlar_uncompress} once {@link PayloadDictionary} puts
 * the dictionary in front as a stored block.
 *
 * <p>Why not {@link java.util.zip.Deflater}: on a row of about 1.2 KB it spent about 10 µs, most of it zlib's reset
 * and its slower matching, where this spends about 2 µs (bench/README.md, "Decision log"). Fixed codes cost a few
 * percent of size against zlib's dynamic ones, which on such small inputs are mostly paid back by not writing the
 * code tables. Not thread-safe: one per writer thread.
 */
final class Deflate {
    private static final int WINDOW = 32_768;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int HASH_BITS = 11;
    private static final int MAX_CHAIN = 4;
    /** Positions inside a match that go into the hash chains. */
    private static final int INSERTED_OF_A_MATCH = 16;
    /** A match at least this long ends the search for a longer one. */
    private static final int NICE = 32;
    private static final int END_OF_BLOCK = 256;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
            67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
            513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
            10, 11, 11, 12, 12, 13, 13};

    /** The fixed literal/length code of each symbol, bit-reversed (DEFLATE writes Huffman codes from their top bit). */
    private static final int[] SYMBOL_BITS = new int[288];
    private static final int[] SYMBOL_LENGTH = new int[288];
    /** For each match length 3 to 258: its symbol's code followed by its extra bits, and how many bits that is. */
    private static final int[] LENGTH_BITS = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_COUNT = new int[MAX_MATCH + 1];
    /** The distance code of distances 1 to 256 (by distance - 1), and of longer ones by (distance - 1) / 128. */
    private static final byte[] NEAR_DISTANCE_CODE = new byte[256];
    private static final byte[] FAR_DISTANCE_CODE = new byte[256];

    static {
        for (int symbol = 0; symbol < 288; symbol++) {
            int code;
            int length;
            if (symbol < 144) {
                code = 0x30 + symbol;
                length = 8;
            } else if (symbol < 256) {
                code = 0x190 + symbol - 144;
                length = 9;
            } else if (symbol < 280) {
                code = symbol - 256;
                length = 7;
            } else {
                code = 0xC0 + symbol - 280;
                length = 8;
            }
            SYMBOL_BITS[symbol] = Integer.reverse(code) >>> (32 - length);
            SYMBOL_LENGTH[symbol] = length;
        }
        for (int index = 0; index < LENGTH_BASE.length; index++) {
            // 227 to 257 share a symbol; 258 has one of its own
            int last = index + 1 < LENGTH_BASE.length ? LENGTH_BASE[index + 1] - 1 : MAX_MATCH;
            for (int length = LENGTH_BASE[index]; length <= last; length++) {
                int symbol = 257 + index;
                LENGTH_BITS[length] = SYMBOL_BITS[symbol] | (length - LENGTH_BASE[index]) << SYMBOL_LENGTH[symbol];
                LENGTH_COUNT[length] = SYMBOL_LENGTH[symbol] + LENGTH_EXTRA[index];
            }
        }
        for (int code = 0; code < DISTANCE_BASE.length; code++) {
            int last = code + 1 < DISTANCE_BASE.length ? DISTANCE_BASE[code + 1] - 1 : WINDOW;
            for (int distance = DISTANCE_BASE[code]; distance <= last; distance++) {
                if (distance <= 256) {
                    NEAR_DISTANCE_CODE[distance - 1] = (byte) code;
                } else {
                    FAR_DISTANCE_CODE[(distance - 1) >> 7] = (byte) code;
                }
            }
        }
    }

    private final int dictionaryLength;
    private final int[] dictionaryHead = new int[1 << HASH_BITS];
    private final int[] dictionaryPrevious;
    private final int[] head = new int[1 << HASH_BITS];
    /** The dictionary, then the input being compressed. */
    private byte[] window;
    private int[] previous;
    private byte[] out = new byte[0];
    private int outLength;
    private long bits;
    private int bitCount;

    Deflate(byte[] dictionary) {
        if (dictionary.length > WINDOW) {
            throw new IllegalArgumentException("a dictionary holds at most " + WINDOW + " bytes, was " + dictionary.length);
        }
        this.dictionaryLength = dictionary.length;
        this.window = Arrays.copyOf(dictionary, dictionary.length + 4096);
        this.previous = new int[window.length];
        this.dictionaryPrevious = new int[dictionary.length];
        Arrays.fill(dictionaryHead, -1);
        for (int position = 0; position + MIN_MATCH <= dictionary.length; position++) {
            int hash = hash(window, position);
            dictionaryPrevious[position] = dictionaryHead[hash];
            dictionaryHead[hash] = position;
        }
    }

    /**
     * Compresses {@code length} bytes of {@code input}.
     *
     * @return the raw DEFLATE stream, {@link #length()} bytes long; valid until the next call
     */
    byte[] compress(byte[] input, int length) {
        start(input, length);
        writeBits(0b011, 3); // the last block, fixed codes
        int end = dictionaryLength + length;
        int position = dictionaryLength;
        while (position < end) {
            long match = position + MIN_MATCH <= end ? longestMatch(position, end) : 0;
            int matchLength = (int) match;
            if (matchLength >= MIN_MATCH) {
                copy(matchLength, (int) (match >>> 32));
                // The first bytes of a match go into the chains (later text may repeat from there); the rest of a
                // long one seldom starts a better match than its own, and skipping it saves a hash per byte.
                int insertEnd = Math.min(position + Math.min(matchLength, INSERTED_OF_A_MATCH), end - MIN_MATCH + 1);
                for (int at = position + 1; at < insertEnd; at++) {
                    insert(at);
                }
                position += matchLength;
            } else {
                literal(window[position]);
                position++;
            }
        }
        writeBits(SYMBOL_BITS[END_OF_BLOCK], SYMBOL_LENGTH[END_OF_BLOCK]);
        while (bitCount > 0) {
            out[outLength++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
        bitCount = 0;
        return out;
    }

    /** How many bytes the last {@link #compress} wrote. */
    int length() {
        return outLength;
    }

    private void start(byte[] input, int length) {
        int needed = dictionaryLength + length;
        if (window.length < needed) {
            window = Arrays.copyOf(window, Math.max(needed, window.length * 2));
            previous = new int[window.length];
        }
        System.arraycopy(input, 0, window, dictionaryLength, length);
        System.arraycopy(dictionaryHead, 0, head, 0, head.length);
        System.arraycopy(dictionaryPrevious, 0, previous, 0, dictionaryLength);
        // Fixed codes take at most 9 bits a byte, plus the block's header and end, and four bytes go out at a time.
        int bound = length + (length >> 3) + 20;
        if (out.length < bound) {
            out = new byte[bound];
        }
        outLength = 0;
        bits = 0;
        bitCount = 0;
    }

    /**
     * Inserts {@code position} into the hash chains and finds the longest earlier match of the bytes there.
     *
     * @return the match's distance in the high 32 bits and its length in the low ones; length 0 when none
     */
    private long longestMatch(int position, int end) {
        int hash = hash(window, position);
        int candidate = head[hash];
        previous[position] = candidate;
        head[hash] = position;
        int limit = Math.min(MAX_MATCH, end - position);
        int bestLength = 0;
        int bestDistance = 0;
        for (int chain = MAX_CHAIN; candidate >= 0 && chain > 0; chain--) {
            int distance = position - candidate;
            if (distance > WINDOW) {
                break;
            }
            if (window[candidate + bestLength] == window[position + bestLength]) {
                int length = matchLength(candidate, position, limit);
                if (length > bestLength) {
                    bestLength = length;
                    bestDistance = distance;
                    if (length == limit || length >= NICE) {
                        break;
                    }
                }
            }
            candidate = previous[candidate];
        }
        return bestLength < MIN_MATCH ? 0 : (long) bestDistance << 32 | bestLength;
    }

    /** How many bytes from {@code earlier} equal those from {@code position}, at most {@code limit}: eight at a time. */
    private int matchLength(int earlier, int position, int limit) {
        int length = 0;
        while (length + 8 <= limit) {
            long difference = (long) LONGS.get(window, earlier + length) ^ (long) LONGS.get(window, position + length);
            if (difference != 0) {
                return length + (Long.numberOfTrailingZeros(difference) >>> 3);
            }
            length += 8;
        }
        while (length < limit && window[earlier + length] == window[position + length]) {
            length++;
        }
        return length;
    }

    private void insert(int position) {
        int hash = hash(window, position);
        previous[position] = head[hash];
        head[hash] = position;
    }

    private void literal(byte value) {
        int symbol = value & 0xFF;
        writeBits(SYMBOL_BITS[symbol], SYMBOL_LENGTH[symbol]);
    }

    private void copy(int length, int distance) {
        writeBits(LENGTH_BITS[length], LENGTH_COUNT[length]);
        int code = distanceCode(distance);
        int extra = DISTANCE_EXTRA[code];
        writeBits(Integer.reverse(code) >>> 27 | (distance - DISTANCE_BASE[code]) << 5, 5 + extra);
    }

    private static int distanceCode(int distance) {
        return distance <= 256 ? NEAR_DISTANCE_CODE[distance - 1] : FAR_DISTANCE_CODE[(distance - 1) >> 7];
    }

    /** Appends bits, the first at the lowest; four bytes go out at a time. */
    private void writeBits(int value, int count) {
        bits |= (long) value << bitCount;
        bitCount += count;
        if (bitCount >= 32) {
            INTS.set(out, outLength, (int) bits);
            outLength += 4;
            bits >>>= 32;
            bitCount -= 32;
        }
    }

    private static int hash(byte[] bytes, int at) {
        return ((int) INTS.get(bytes, at) * 0x9E3779B1) >>> (32 - HASH_BITS);
    }
}
