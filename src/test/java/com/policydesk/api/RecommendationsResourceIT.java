package com.policydesk.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The same checks against the packaged application (java -jar target/quarkus-app/quarkus-run.jar). */
@QuarkusIntegrationTest
@Execution(ExecutionMode.SAME_THREAD)
class RecommendationsResourceIT extends RecommendationsResourceTest {
}
