package com.policydesk.api;

import com.policydesk.config.PolicyDeskConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The admin API, and the decision log's look-up, exist only when a token is configured
 * ({@code POLICYDESK_ADMIN_TOKEN}); without one they answer 404, so they are never open by default. The bearer
 * token is compared in constant time and never logged.
 */
public class AdminGuard {
    private static final List<String> GUARDED_PATHS = List.of("/api/v1/admin", "/api/v1/decisions");
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    AdminGuard(PolicyDeskConfig config) {
        this.token = config.admin().token().filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (GUARDED_PATHS.stream().noneMatch(guarded -> path.equals(guarded) || path.startsWith(guarded + "/"))) {
            return Optional.empty();
        }
        if (token.isEmpty()) {
            return Optional.of(ProblemMapper.respond(Problem.of(ApiError.NOT_FOUND, "no such resource")));
        }
        if (!presented(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Optional.of(Response.fromResponse(ProblemMapper.respond(Problem.of(ApiError.UNAUTHORIZED,
                    "send the admin token as 'Authorization: Bearer <token>'")))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
        return Optional.empty();
    }

    private boolean presented(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.get());
    }
}
