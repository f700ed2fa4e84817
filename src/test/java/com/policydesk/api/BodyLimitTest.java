package com.policydesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body limit (1 MiB) answers the API's problem whether the body declares its length or comes chunked, on the
 * single and the batch endpoint; a chunked body within the limit is decided as any other.
 */
@QuarkusTest
class BodyLimitTest {
    private static final int LIMIT = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/recommendations")
    URI recommendations;

    @TestHTTPResource("/api/v1/recommendations/batch")
    URI batch;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void aChunkedBodyOneByteOverTheLimitGetsTheProblemNamingTheLimit() throws Exception {
        assertTooLarge(send(recommendations, chunked(padded(contractExample(), LIMIT + 1))), "more than " + LIMIT);
    }

    @Test
    void aChunkedBodyFarOverTheLimitGetsTheProblemWhileTheClientStillSends() throws Exception {
        assertTooLarge(send(recommendations, chunked(padded(contractExample(), 8 * LIMIT))), "more than " + LIMIT);
    }

    @Test
    void aChunkedBodyThatWaitsForContinueGetsTheProblem() throws Exception {
        assertTooLarge(sendExpectingContinue(recommendations, chunked(padded(contractExample(), 2 * LIMIT))), "more than " + LIMIT);
    }

    @Test
    void aChunkedBatchOverTheLimitGetsTheProblem() throws Exception {
        assertTooLarge(send(batch, chunked(padded(batchOfThree(), LIMIT + 1))), "more than " + LIMIT);
    }

    @Test
    void aBatchWhoseContentLengthIsOverTheLimitGetsTheProblem() throws Exception {
        byte[] body = padded(batchOfThree(), LIMIT + 1);
        assertTooLarge(send(batch, HttpRequest.BodyPublishers.ofByteArray(body)), (LIMIT + 1) + " bytes");
    }

    @Test
    void aChunkedBodyOfExactlyTheLimitIsDecided() throws Exception {
        HttpResponse<String> response = send(recommendations, chunked(padded(contractExample(), LIMIT)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("recommendations").size()).isPositive();
    }

    @Test
    void aChunkedBatchOfExactlyTheLimitIsDecidedItemByItem() throws Exception {
        HttpResponse<String> response = send(batch, chunked(padded(batchOfThree(), LIMIT)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("results").size()).isEqualTo(3);
    }

    @Test
    void aSmallChunkedBatchThatWaitsForContinueIsDecidedItemByItem() throws Exception {
        HttpResponse<String> response = sendExpectingContinue(batch, chunked(batchOfThree().getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("results").size()).isEqualTo(3);
    }

    @Test
    void theServiceDecidesNormallyAfterRefusingAChunkedBody() throws Exception {
        assertTooLarge(send(recommendations, chunked(padded(contractExample(), 2 * LIMIT))), "more than " + LIMIT);

        HttpResponse<String> after = send(recommendations,
                HttpRequest.BodyPublishers.ofString(contractExample(), StandardCharsets.UTF_8));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    private static void assertTooLarge(HttpResponse<String> response, String detailPart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("/errors/payload-too-large");
        assertThat(problem.path("title").asText()).isEqualTo("Payload too large");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
        assertThat(problem.path("detail").asText()).contains(detailPart).contains("at most " + LIMIT);
    }

    private HttpResponse<String> send(URI uri, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return client.send(post(uri, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the headers with {@code Expect: 100-continue} first, and the body once the service says go on. */
    private HttpResponse<String> sendExpectingContinue(URI uri, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return client.send(post(uri, body).expectContinue(true).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(URI uri, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(body);
    }

    /** A publisher of unknown length: the client sends the body chunked, with no Content-Length. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        assertThat(publisher.contentLength()).as("unknown length, so sent chunked").isEqualTo(-1);
        return publisher;
    }

    private static String contractExample() {
        return RecommendationsResourceTest.resource("contract-example.json");
    }

    private static String batchOfThree() {
        String item = contractExample();
        return "{\"requests\": [" + item + ", " + item + ", " + item + "]}";
    }

    private static byte[] padded(String json, int bytes) {
        return BadInputTest.padded(json, bytes).getBytes(StandardCharsets.UTF_8);
    }
}
