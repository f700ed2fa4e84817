package com.policydesk.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payloads: compressed by the log's own encoder, read back by any inflater, and by zlib behind the stored dictionary. */
class PayloadDictionaryTest {
    private static final PayloadDictionary DICTIONARY = PayloadDictionary.current();

    @Test
    void aPayloadInflatesToItsContent() throws Exception {
        byte[] content = standardContent();
        byte[] payload = DICTIONARY.encoder().encode(content, content.length);

        assertThat(DICTIONARY.inflate(payload, content.length, new Inflater(true))).isEqualTo(content);
    }

    /** What the decisions_json view asks of the sqlite3 shell's sqlar_uncompress: zlib, with no dictionary of its own. */
    @Test
    void theZlibPrefixAndAPayloadAreOneZlibStreamOfTheDictionaryAndTheContent() throws Exception {
        byte[] content = standardContent();
        byte[] payload = DICTIONARY.encoder().encode(content, content.length);
        byte[] stream = concat(DICTIONARY.zlibPrefix(), payload);
        Inflater zlib = new Inflater();
        zlib.setInput(stream);
        byte[] out = new byte[DICTIONARY.bytes().length + content.length];

        assertThat(zlib.inflate(out)).isEqualTo(out.length);
        assertThat(zlib.finished()).as("the stream ends, its Adler-32 checked").isTrue();
        assertThat(Arrays.copyOfRange(out, DICTIONARY.bytes().length, out.length)).isEqualTo(content);
    }

    @Test
    void theStandardRequestAndItsRecommendationsTakeUnder400Bytes() throws Exception {
        byte[] content = standardContent();

        assertThat(DICTIONARY.encoder().encode(content, content.length)).hasSizeLessThan(400);
    }

    /** Repeats near and far, runs, text the dictionary holds and bytes it does not: every one reads back the same. */
    @Test
    void anyContentReadsBackTheSame() {
        Random random = new Random(19);
        PayloadDictionary.Encoder encoder = DICTIONARY.encoder();
        Inflater inflater = new Inflater(true);
        for (int round = 0; round < 3_000; round++) {
            byte[] content = randomContent(random, random.nextInt(round % 100 == 0 ? 70_000 : 3_000));
            byte[] payload = encoder.encode(content, content.length);

            assertThat(DICTIONARY.inflate(payload, content.length, inflater)).as("round %d", round).isEqualTo(content);
        }
    }

    @Test
    void aDamagedPayloadIsRefused() throws Exception {
        byte[] content = standardContent();
        byte[] payload = DICTIONARY.encoder().encode(content, content.length);
        payload[payload.length - 1] ^= 1;

        assertThatThrownBy(() -> DICTIONARY.inflate(payload, content.length, new Inflater(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged");
    }

    /** The standard request (bench/requests/standard.json) compact, and its recommendations as the log keeps them. */
    private static byte[] standardContent() throws Exception {
        JsonBuffer request = new JsonBuffer(2048);
        RequestBody.compact(Files.readAllBytes(Path.of("bench/requests/standard.json")), null, request);
        return concat(request.toByteArray(), """

                [[1,"S-1",{"endDate":"2027-01-15","daysUntilEnd":53}],[2,"S-2"],[3,null,{"directPartnerId":"P-100"}],\
                [4,"S-2"],[5,"S-4",{"currentPartnerId":"P-300"}],[6,"S-2",{"services":["Cloud Services (classic)"],\
                "cloud":"GLOBAL"}],[7,null,{"directPartnerId":"P-100"}],[8,"S-1"],[8,"S-2"],[9,"S-3"],[8,"S-3"]]"""
                .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomContent(Random random, int length) {
        byte[] dictionary = DICTIONARY.bytes();
        byte[] content = new byte[length];
        int alphabet = 1 + random.nextInt(256);
        int at = 0;
        while (at < length) {
            int kind = random.nextInt(4);
            int run = Math.min(length - at, 1 + random.nextInt(300));
            for (int i = 0; i < run; i++, at++) {
                content[at] = switch (kind) {
                    case 0 -> (byte) random.nextInt(alphabet);
                    case 1 -> at > 0 ? content[at - 1 - random.nextInt(Math.min(at, 40_000))] : 0;
                    case 2 -> dictionary[(i + run) % dictionary.length];
                    default -> (byte) 'x';
                };
            }
        }
        return content;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
