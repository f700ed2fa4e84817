package com.policydesk.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Content hashes for rule files and rule-set versions. */
public final class Hashes {
    private Hashes() {
    }

    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256Bytes(content));
    }

    public static byte[] sha256Bytes(byte[] content) {
        return sha256().digest(content);
    }

    /** A hash over paths and contents, so that a rename changes the version as much as an edit does. */
    static String ofFiles(List<RuleFile> files) {
        MessageDigest digest = sha256();
        for (RuleFile file : files) {
            digest.update(file.path().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(file.content());
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
