package com.policydesk.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Bad input against the packaged application: the same problems, from the real HTTP stack. */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTest {
}
