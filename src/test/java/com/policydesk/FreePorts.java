package com.policydesk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port no one listens on now, for a process a test starts (a packaged service, a Kafka broker). Never the same
 * port twice in one JVM: tests that run side by side ask at once, and the system may offer a port again as soon as
 * it is free, before the process it was meant for listens on it.
 */
public final class FreePorts {
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        while (true) {
            int port = any();
            if (GIVEN.add(port)) {
                return port;
            }
        }
    }

    private static int any() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
