package com.policydesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.engine.RuleFile;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.service.RuleFileService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The workbench's rule files: read one with its hash, save an edited DMN table (guarded by {@link AdminGuard}).
 * The save names the hash its edit started from, so that a newer file is never overwritten.
 */
@Path("/api/v1/admin/rules/{path: .+}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RuleFilesResource {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final RuleFileService files;
    private final RequestGuard guard;
    private final ObjectMapper json;

    RuleFilesResource(RuleFileService files, RequestGuard guard, ObjectMapper json) {
        this.files = files;
        this.guard = guard;
        this.json = json;
    }

    @GET
    public FileContent read(@PathParam("path") String path) {
        RuleFile file = files.read(path);
        return new FileContent(file.path(), file.sha256(), file.text());
    }

    /** {@code {"content": "<the DMN XML>", "baseSha256": "<the hash the edit started from>"}}. */
    @PUT
    public RuleFileService.SaveOutcome save(@PathParam("path") String path,
                                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        guard.requireJson(contentType);
        guard.requireWithinLimit(body.length);
        JsonNode request = parse(body);
        return files.save(path, request.get("content").asText(), request.get("baseSha256").asText());
    }

    private JsonNode parse(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new FieldError("", "body is not valid JSON")));
        }
        if (request == null || !request.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode content = request.get("content");
        if (content == null || !content.isTextual() || content.asText().isBlank()) {
            errors.add(new FieldError("content", "is required: the file's new content, as a string"));
        }
        JsonNode base = request.get("baseSha256");
        if (base == null || !base.isTextual() || !SHA256.matcher(base.asText()).matches()) {
            errors.add(new FieldError("baseSha256", "is required: the hex SHA-256 of the file the edit started from"));
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!name.equals("content") && !name.equals("baseSha256")) {
                errors.add(new FieldError(name, "unknown field '" + name + "'"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return request;
    }

    /** A rule file: its path, the hex SHA-256 of its content, and the content. */
    public record FileContent(String path, String sha256, String content) {
    }
}
