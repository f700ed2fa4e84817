package com.policydesk.cluster;

import com.policydesk.ChildJvm;
import com.policydesk.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app}) as a child process on a free port, with settings given as system
 * properties, its output in {@code target/<name>.log}; killed with SIGKILL on {@link #kill()} or {@link #close()}.
 */
final class PackagedReplica implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedReplica(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts the service with these settings (and rules not watched) and waits until it reports ready. */
    static PackagedReplica start(String name, Map<String, String> settings) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("no packaged service at " + jar + ": run ./mvnw verify (or package)");
        }
        int port = FreePorts.next();
        List<String> command = ChildJvm.java("-Xmx256m", "-Dquarkus.http.port=" + port, "-Dpolicydesk.rules.watch=false");
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile()).start();
        PackagedReplica replica = new PackagedReplica(name, port, process);
        try {
            replica.awaitReady();
        } catch (Exception | AssertionError e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: nothing is flushed, nothing is committed, the group learns of it only by the session timeout. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " stopped at start (see target/" + name + ".log)");
            }
            try {
                if (get("/q/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not become ready in " + READY_TIMEOUT + " (see target/" + name + ".log)");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
