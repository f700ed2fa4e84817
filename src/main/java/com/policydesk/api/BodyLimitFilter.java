package com.policydesk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Holds every request body to the limit with the API's problem shape, before the REST layer reads it. A body
 * that declares its length is refused at once when that is over the limit. A chunked one is read here up to the
 * limit and handed to the REST layer whole ({@link ChunkedBodyHandOver}): left to the HTTP server, whose own limit
 * has the same value, it would get a 413 with an empty body once past the limit.
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
        filters.register(this::limit, PRIORITY);
    }

    private void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && hasUndeclaredBody(request)) {
            new UndeclaredBody(context).read();
            return;
        }
        long declared = parse(length);
        if (declared > guard.maxBodyBytes()) {
            refuse(context, guard.tooLarge(declared));
            return;
        }
        context.next();
    }

    /**
     * HTTP/1.1 sends a body without a length only chunked. (An HTTP/2 stream may too, but the REST layer refuses to
     * take over an HTTP/2 request that has already been read: such a body stays with the HTTP server's own limit.)
     */
    private static boolean hasUndeclaredBody(HttpServerRequest request) {
        return request.version() != HttpVersion.HTTP_2 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
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

    /** The answer closes the connection: the rest of the body is not worth reading. */
    private void refuse(RoutingContext context, ApiException tooLarge) {
        context.response().setStatusCode(ApiError.PAYLOAD_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(write(Problem.of(ApiError.PAYLOAD_TOO_LARGE, tooLarge.getMessage())));
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serialises", e);
        }
    }

    /**
     * A body read as it comes, up to the limit. Past it, the request is refused and what still comes is dropped,
     * so that a client that sends its whole body before it reads the answer still gets the problem.
     */
    private final class UndeclaredBody implements Handler<Buffer> {
        private final RoutingContext context;
        private final Buffer body = Buffer.buffer();
        private boolean refused;

        UndeclaredBody(RoutingContext context) {
            this.context = context;
        }

        void read() {
            HttpServerRequest request = context.request();
            request.handler(this);
            request.endHandler(ended -> handOn());
            if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
                context.response().writeContinue();
            }
            request.resume();
        }

        @Override
        public void handle(Buffer chunk) {
            if (refused) {
                return;
            }
            if ((long) body.length() + chunk.length() > guard.maxBodyBytes()) {
                refused = true;
                refuse(context, guard.tooLargeUndeclared());
                return;
            }
            body.appendBuffer(chunk);
        }

        private void handOn() {
            if (!refused) {
                ChunkedBodyHandOver.keep(context, body);
                context.next();
            }
        }
    }
}
