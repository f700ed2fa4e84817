package com.policydesk.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The body limit against the packaged application: chunked or not, over the limit is the same problem. */
@QuarkusIntegrationTest
@Execution(ExecutionMode.SAME_THREAD)
class BodyLimitIT extends BodyLimitTest {
}
