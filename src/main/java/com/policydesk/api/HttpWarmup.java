package com.policydesk.api;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.service.JitSettling;
import com.policydesk.service.RuleSetService;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warms the HTTP path once the service is ready. The start-up warm-up decides in process, so Netty, Vert.x, Quarkus
 * REST and the metrics used to be compiled by the first customers' requests: 40-53 µs of JIT a decision and a p99 of
 * 11-13 ms in their first 10 s (bench/README.md, "seventh round"). This sends the warm-up bodies to the service's own
 * port over loopback, round after round, until the JIT has settled or {@code policydesk.warmup.http-requests} have
 * gone, from a thread of the lowest priority. Its requests carry a token made at start, which no one outside this
 * process knows: the resource decides them without logging them.
 */
@Singleton
public class HttpWarmup {
    /** The header that carries the token; hidden from the API's description. */
    static final String HEADER = "X-PolicyDesk-Warmup";
    private static final Logger LOG = Logger.getLogger(HttpWarmup.class);
    private static final int REQUESTS_A_ROUND = 500;
    /** As the compilers' warm-up: a round in which the JIT compiled for less than this share of it changed little. */
    private static final double JIT_QUIET_SHARE = 0.25;
    private static final Duration READY_POLL = Duration.ofMillis(50);
    private static final String PATH = "/api/v1/recommendations";

    private final RuleSetService rules;
    private final int maxRequests;
    private final byte[] token;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answeredOk = new AtomicInteger();
    private volatile boolean finished;

    HttpWarmup(RuleSetService rules, PolicyDeskConfig config) {
        this.rules = rules;
        this.maxRequests = config.warmup().enabled() ? config.warmup().httpRequests() : 0;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    }

    void onStart(@Observes StartupEvent started) {
        if (maxRequests <= 0) {
            finished = true;
            return;
        }
        Thread thread = new Thread(this::run, "policydesk-http-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Whether a request's header value is this process's token: then it is one of the warm-up's own requests. */
    boolean isOwn(String headerValue) {
        return headerValue != null && MessageDigest.isEqual(headerValue.getBytes(StandardCharsets.US_ASCII), token);
    }

    /** Requests sent and answered so far. */
    int sent() {
        return sent.get();
    }

    /** Requests answered with a 2xx (scenario bodies include invalid requests on purpose: those get a 400). */
    int answeredOk() {
        return answeredOk.get();
    }

    /** Whether it has ended (or never started). */
    boolean finished() {
        return finished;
    }

    private void run() {
        long started = System.nanoTime();
        try {
            awaitReady();
            int port = port();
            if (port <= 0) {
                LOG.infof("event=http_warmup_skipped reason=\"no HTTP port known\"");
                return;
            }
            warm(URI.create("http://127.0.0.1:" + port + PATH), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // Not a fault of the service: it answers its customers as it would have without the warm-up.
            LOG.warnf("event=http_warmup_stopped requests=%d cause=\"%s\"", sent.get(), e.toString());
        } finally {
            finished = true;
        }
    }

    private void warm(URI uri, long started) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<byte[]> bodies = rules.warmupBodies();
        String tokenText = new String(token, StandardCharsets.US_ASCII);
        JitSettling jit = JitSettling.ofThisJvm(JIT_QUIET_SHARE);
        int rounds = 0;
        boolean settled = false;
        while (!settled && sent.get() < maxRequests) {
            for (int i = 0; i < REQUESTS_A_ROUND && sent.get() < maxRequests; i++) {
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header(HEADER, tokenText)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(sent.get() % bodies.size())))
                        .build();
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    answeredOk.incrementAndGet();
                }
                sent.incrementAndGet();
            }
            rounds++;
            settled = jit.settledAfterStep();
        }
        LOG.infof("event=http_warmed requests=%d answeredOk=%d rounds=%d jitSettled=%s warmupMs=%d", sent.get(),
                answeredOk.get(), rounds, settled,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The in-process warm-up comes first: until it has ended, readiness is down and the JIT is busy with it. */
    private void awaitReady() throws InterruptedException {
        while (!rules.warm()) {
            Thread.sleep(READY_POLL.toMillis());
        }
    }

    /** The port the server listens on: under tests a free one, which Quarkus writes back into its setting. */
    private static int port() {
        String setting = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(setting, Integer.class).orElse(0);
    }
}
