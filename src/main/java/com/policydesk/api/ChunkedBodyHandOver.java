package com.policydesk.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;

/**
 * Gives the REST layer a chunked body that {@link BodyLimitFilter} read, as the request's entity. (Set as the
 * routing context's body instead, one over the REST layer's input buffer, 10K, reached the resource as zeros in
 * Quarkus 3.36: its reader copied the buffer twice.) Apart from the filter because the REST layer makes its
 * filters before the configuration that the body limit needs is there.
 */
public class ChunkedBodyHandOver {
    private static final String READ_BODY = ChunkedBodyHandOver.class.getName() + ".body";

    static void keep(RoutingContext context, Buffer body) {
        context.put(READ_BODY, body);
    }

    @ServerRequestFilter
    public void handOver(ContainerRequestContext request, RoutingContext context) {
        Buffer body = context.get(READ_BODY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }
}
