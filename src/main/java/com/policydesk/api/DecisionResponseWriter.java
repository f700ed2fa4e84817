package com.policydesk.api;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import java.io.OutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes a decision's answer with {@link ResponseJson} and hands the bytes to the response in one piece, instead
 * of through Jackson's generic writer and the framework's output stream.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResponseWriter implements ServerMessageBodyWriter<DecisionResponse> {
    private final ResponseJson json;

    DecisionResponseWriter(ResponseJson json) {
        this.json = json;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return DecisionResponse.class.equals(type);
    }

    @Override
    public void writeResponse(DecisionResponse response, Type genericType, ServerRequestContext context) {
        context.serverResponse().end(json.write(response));
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return DecisionResponse.class.equals(type);
    }

    @Override
    public void writeTo(DecisionResponse response, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(json.write(response));
    }
}
