package com.policydesk.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (java -jar target/quarkus-app/quarkus-run.jar). */
@QuarkusIntegrationTest
class RecommendationsResourceIT extends RecommendationsResourceTest {
}
