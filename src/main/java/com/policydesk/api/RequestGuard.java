package com.policydesk.api;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;

/** The transport's checks before a body is read: its media type, its size, the query's flags. */
@Singleton
public class RequestGuard {
    private final long maxBodyBytes;

    RequestGuard(PolicyDeskConfig config) {
        this.maxBodyBytes = config.request().maxBodySize().asLongValue();
    }

    /** Only {@code application/json}, in any case, with any parameters; a missing type is refused too. */
    public void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, contentType == null
                    ? "the request has no Content-Type; send application/json"
                    : "Content-Type '" + contentType + "' is not accepted; send application/json");
        }
    }

    /** The body limit counts bytes: a body of exactly the limit is accepted. */
    public void requireWithinLimit(long bodyBytes) {
        if (bodyBytes > maxBodyBytes) {
            throw tooLarge(bodyBytes);
        }
    }

    ApiException tooLarge(long bodyBytes) {
        return new ApiException(ApiError.PAYLOAD_TOO_LARGE,
                "the body has " + bodyBytes + " bytes; at most " + maxBodyBytes + " are accepted");
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** {@code ?explain=true} or {@code false}; absent means false; anything else is a mistake worth saying. */
    public boolean explain(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException(List.of(new FieldError("?explain", "must be true or false")));
    }
}
