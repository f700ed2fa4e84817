package com.policydesk.api;

import static io.restassured.RestAssured.given;

/** The service reports ready once it has warmed up, shortly after it starts: tests about readiness wait for it. */
final class Readiness {
    private static final long TIMEOUT_MS = 60_000;

    private Readiness() {
    }

    static void await() {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the service did not report ready within " + TIMEOUT_MS + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for readiness", e);
            }
        }
    }
}
