package com.policydesk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How tests start a JVM of their own: a packaged service, a Kafka broker. */
public final class ChildJvm {
    /**
     * The client compiler (C1) alone. Tests check what a service does, not how fast it runs, and without C2 a packaged
     * service costs about 40% less CPU to start and settle (8.8 s instead of 14.2 s, measured on the 2-core machine),
     * which is what a suite on 2 shared cores waits for. The benchmarks in bench/ run the service's real settings.
     */
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private ChildJvm() {
    }

    /** {@code java} of the JVM running the tests, with the options above and then {@code options}. */
    public static List<String> java(String... options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(C1_ONLY);
        command.addAll(List.of(options));
        return command;
    }
}
