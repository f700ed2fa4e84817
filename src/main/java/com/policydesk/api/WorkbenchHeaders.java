package com.policydesk.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The security headers of the workbench, a page that holds the admin token: scripts only from the service itself
 * (so that injected markup cannot run, and the token cannot be sent elsewhere), never framed by another site, no
 * content-type guessing, and no referrer. The DMN editor's frame is the one document with more: the editor injects
 * its styles at run time and carries its icons and fonts as data: URLs, and it is framed by the workbench page itself.
 * Only the workbench's paths get them: the decision API's hot path stays as it was.
 */
@Singleton
public class WorkbenchHeaders {
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String EDITOR_FRAME = WorkbenchFiles.PATH + "/editor-frame.html";
    static final String EDITOR_FRAME_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'self'";

    void routes(@Observes Router router) {
        // Before WorkbenchFiles (order -10), so that its redirect and 304 answers carry them too.
        router.route(WorkbenchFiles.PATH).order(-20).handler(WorkbenchHeaders::add);
        router.route(WorkbenchFiles.PATH + "/*").order(-20).handler(WorkbenchHeaders::add);
    }

    private static void add(RoutingContext context) {
        String policy = context.normalizedPath().equals(EDITOR_FRAME) ? EDITOR_FRAME_POLICY : PAGE_POLICY;
        context.response().headers()
                .set("Content-Security-Policy", policy)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        context.next();
    }
}
