package com.policydesk.api;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** A body that did not declare its length, refused once past the limit: its whole size is never known. */
    ApiException tooLargeUndeclared() {
        return new ApiException(ApiError.PAYLOAD_TOO_LARGE,
                "the body has more than " + maxBodyBytes + " bytes; at most " + maxBodyBytes + " are accepted");
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The problem with an {@code ?explain} flag that is neither {@code true} nor {@code false}, if any. */
    public Optional<FieldError> explainProblem(String value) {
        return value == null || value.isEmpty() || value.equals("true") || value.equals("false") ? Optional.empty()
                : Optional.of(new FieldError("?explain", "must be true or false"));
    }

    /**
     * Reads the body and the flag together, so that a bad flag is reported beside the body's problems rather than
     * hiding them.
     */
    public <T> T withExplainChecked(String explain, java.util.function.Supplier<T> readBody) {
        Optional<FieldError> flagProblem = explainProblem(explain);
        T read;
        try {
            read = readBody.get();
        } catch (InvalidRequestException refused) {
            List<FieldError> errors = new ArrayList<>();
            flagProblem.ifPresent(errors::add);
            errors.addAll(refused.errors());
            throw new InvalidRequestException(errors);
        }
        flagProblem.ifPresent(problem -> {
            throw new InvalidRequestException(List.of(problem));
        });
        return read;
    }
}
