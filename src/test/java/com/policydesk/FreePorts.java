package com.policydesk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A port no one listens on now, for a process a test starts (a packaged service, a Kafka broker). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
