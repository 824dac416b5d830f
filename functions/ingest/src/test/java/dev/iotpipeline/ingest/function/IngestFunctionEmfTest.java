package dev.iotpipeline.ingest.function;

import static dev.iotpipeline.ingest.function.CannedEvents.event;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The function with {@code ingest.metrics.emf-enabled=true}, as infra runs it in Lambda: every
 * invocation ends with EMF lines on standard output carrying that invocation's meter changes.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@TestProfile(IngestFunctionEmfTest.EmfOn.class)
class IngestFunctionEmfTest {

  /** EMF on, in a namespace of its own. */
  public static class EmfOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "ingest.metrics.emf-enabled", "true", "ingest.metrics.namespace", "IotPipelineTest");
    }
  }

  @Test
  void everyInvocationWritesItsOwnCountsAsEmfLines() {
    List<JsonNode> accepted = emfLinesOf(() -> invoke(event("iot-rule/flat-json.json")));

    JsonNode counts = only(accepted, "ingest.messages.received");
    assertThat(counts.at("/_aws/CloudWatchMetrics/0/Namespace").asText())
        .isEqualTo("IotPipelineTest");
    assertThat(counts.get("ingest.messages.received").asInt()).isEqualTo(1);
    assertThat(counts.get("ingest.readings.accepted").asInt()).isEqualTo(2);
    assertThat(counts.get("ingest.publish.latency").asDouble()).isPositive();
    assertThat(accepted).noneMatch(doc -> doc.has("ingest.messages.rejected"));

    List<JsonNode> rejected = emfLinesOf(() -> invoke(event("iot-rule/malformed-json.json")));

    assertThat(only(rejected, "ingest.messages.received").get("ingest.messages.received").asInt())
        .isEqualTo(1);
    JsonNode reject = only(rejected, "ingest.messages.rejected");
    assertThat(reject.get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(reject.get("ingest.messages.rejected").asInt()).isEqualTo(1);
    assertThat(reject.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("reason");
  }

  /** Runs the invocation with standard output captured and returns the EMF documents written. */
  private static List<JsonNode> emfLinesOf(Runnable invocation) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      invocation.run();
    } finally {
      System.setOut(original);
    }
    return captured
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.startsWith("{\"_aws\""))
        .map(CannedEvents::tree)
        .toList();
  }

  private static JsonNode only(List<JsonNode> docs, String metric) {
    List<JsonNode> matching = docs.stream().filter(doc -> doc.has(metric)).toList();
    assertThat(matching).as("EMF documents carrying %s in %s", metric, docs).hasSize(1);
    return matching.get(0);
  }

  private static void invoke(JsonNode event) {
    given()
        .contentType("application/json")
        .accept("application/json")
        .body(event.toString())
        .when()
        .post()
        .then()
        .statusCode(200);
  }
}
