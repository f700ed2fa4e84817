package com.policydesk.request;

import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Shared by the request reader tests: a reader with a fixed clock, fixtures, and a way to get at the errors. */
final class ReaderFixtures {
    /**
     * Late on 23 November in UTC, already 24 November in Auckland: the default asOf must be the UTC day
     * whatever zone the clock is in.
     */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T22:30:00Z"), ZoneId.of("Pacific/Auckland"));

    private ReaderFixtures() {
    }

    static RequestReader reader() {
        return new RequestReader(CLOCK, RequestReader.DEFAULT_MAX_NESTING_DEPTH);
    }

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        try (InputStream in = ReaderFixtures.class.getResourceAsStream("/requests/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors a refused read reports; fails the test when the read is not refused. */
    static List<FieldError> errorsOf(Runnable read) {
        try {
            read.run();
        } catch (InvalidRequestException e) {
            return e.errors();
        }
        throw new AssertionError("expected the request to be refused, but it was read");
    }

    static FieldError error(String path, String message) {
        return new FieldError(path, message);
    }
}
