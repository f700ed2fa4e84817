package com.policydesk.api;

import com.policydesk.engine.Hashes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workbench's static files (META-INF/resources/workbench, served by Quarkus) get an ETag from their content and
 * {@code Cache-Control: no-cache}: the browser keeps the 11 MB DMN editor (and its compiled code) and asks only
 * whether it changed, so a repeat visit costs one 304 per file, and a new build is never hidden behind a stale copy.
 * Each file is hashed once, off the event loop. {@code /workbench} itself redirects to the page.
 */
@Singleton
public class WorkbenchFiles {
    static final String PATH = "/workbench";
    private static final String RESOURCES = "META-INF/resources";
    /** Content hashes by path; a path that is no resource maps to empty, and the static handler answers it. */
    private final Map<String, Optional<String>> etags = new ConcurrentHashMap<>();

    void routes(@Observes Router router) {
        router.route(PATH).order(-10).handler(context -> {
            if (context.normalizedPath().equals(PATH)) {
                context.redirect(PATH + "/");
            } else {
                context.next();
            }
        });
        router.route(PATH + "/*").order(-10).handler(this::withCaching);
    }

    private void withCaching(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            context.next();
            return;
        }
        String path = context.normalizedPath();
        String file = path.endsWith("/") ? path + "index.html" : path;
        Optional<String> known = etags.get(file);
        if (known != null) {
            answer(context, known);
            return;
        }
        // The editor's script is 11 MB: hashing it must not hold the event loop, which also answers decisions.
        context.vertx().executeBlocking(() -> etags.computeIfAbsent(file, WorkbenchFiles::etagOf), false)
                .onComplete(hashed -> {
                    if (hashed.succeeded()) {
                        answer(context, hashed.result());
                    } else {
                        context.fail(hashed.cause());
                    }
                });
    }

    private static void answer(RoutingContext context, Optional<String> etag) {
        if (etag.isEmpty()) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader(HttpHeaders.ETAG, etag.get());
        if (etag.get().equals(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            context.response().setStatusCode(304).end();
            return;
        }
        context.next();
    }

    private static Optional<String> etagOf(String path) {
        if (path.contains("..")) {
            return Optional.empty();
        }
        try (InputStream in = WorkbenchFiles.class.getClassLoader().getResourceAsStream(RESOURCES + path)) {
            return in == null ? Optional.empty() : Optional.of("\"" + Hashes.sha256Hex(in.readAllBytes()).substring(0, 32) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
