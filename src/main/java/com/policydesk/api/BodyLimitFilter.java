package com.policydesk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses a body whose declared length is over the limit before it is read, with the API's problem shape
 * (the HTTP server's own limit, set to the same value, answers a bare 413 for a body that hides its length).
 */
@Singleton
public class BodyLimitFilter {
    /** Runs before the HTTP server's own body handling. */
    private static final int PRIORITY = 1_000;

    private final RequestGuard guard;
    private final ObjectMapper json;

    BodyLimitFilter(RequestGuard guard, ObjectMapper json) {
        this.guard = guard;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared = parse(length);
            if (declared > guard.maxBodyBytes()) {
                ApiException tooLarge = guard.tooLarge(declared);
                context.response().setStatusCode(ApiError.PAYLOAD_TOO_LARGE.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(write(Problem.of(ApiError.PAYLOAD_TOO_LARGE, tooLarge.getMessage())));
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private static long parse(String length) {
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serialises", e);
        }
    }
}
