package com.policydesk.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Bad input against the packaged application: the same problems, from the real HTTP stack. */
@QuarkusIntegrationTest
@Execution(ExecutionMode.SAME_THREAD)
class BadInputIT extends BadInputTest {
}
