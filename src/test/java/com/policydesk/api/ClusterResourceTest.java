package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A service that runs alone (no Kafka settings): no cluster resource, and a cluster readiness check that is up. */
@QuarkusTest
class ClusterResourceTest {
    @Test
    void aServiceThatRunsAloneAnswers404ForTheCluster() {
        given().get("/api/v1/cluster").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"))
                .body("detail", containsString("policydesk.cluster.kafka.bootstrap-servers is not set"));
    }

    @Test
    void itsClusterReadinessCheckIsUp() {
        Readiness.await();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'cluster' }.data.alone", equalTo(true));
    }
}
