package dev.iotpipeline.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class EmfMetricsTest {

  private static final long NOW = 1_764_000_000_000L;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> lines = new ArrayList<>();
  private IngestMetrics metrics;
  private EmfMetrics emf;

  @BeforeEach
  void setUp() {
    metrics = new IngestMetrics(registry);
    // Meters outside the prefix (e.g. the JVM binder's) are never written.
    Counter.builder("jvm.gc.something").register(registry).increment(7);
    emf =
        new EmfMetrics(
            registry,
            "IotPipeline",
            id -> id.getName().startsWith("ingest."),
            () -> NOW,
            lines::add);
  }

  @Test
  void countersAreWrittenAsTheirIncreaseSinceTheLastFlush() {
    metrics.received();
    metrics.received();
    metrics.accepted(5);

    assertThat(emf.flush()).isEqualTo(1);

    JsonNode doc = parse(lines.get(0));
    assertThat(doc.at("/_aws/Timestamp").asLong()).isEqualTo(NOW);
    JsonNode directive = doc.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Namespace").asText()).isEqualTo("IotPipeline");
    assertThat(directive.get("Dimensions")).hasSize(1);
    assertThat(directive.get("Dimensions").get(0)).isEmpty();
    assertThat(names(directive))
        .containsExactlyInAnyOrder(
            "ingest.messages.received", "ingest.messages.accepted", "ingest.readings.accepted");
    assertThat(directive.get("Metrics"))
        .allSatisfy(m -> assertThat(m.get("Unit").asText()).isEqualTo("Count"));
    assertThat(doc.get("ingest.messages.received").asDouble()).isEqualTo(2);
    assertThat(doc.get("ingest.messages.accepted").asDouble()).isEqualTo(1);
    assertThat(doc.get("ingest.readings.accepted").asDouble()).isEqualTo(5);
    assertThat(doc.has("jvm.gc.something")).isFalse();

    lines.clear();
    metrics.received();
    metrics.accepted(3);
    emf.flush();
    JsonNode second = parse(lines.get(0));
    assertThat(second.get("ingest.messages.received").asDouble()).isEqualTo(1);
    assertThat(second.get("ingest.readings.accepted").asDouble()).isEqualTo(3);
  }

  @Test
  void flushWithoutTrafficWritesNothing() {
    assertThat(emf.flush()).isZero();
    metrics.received();
    metrics.accepted(1);
    assertThat(emf.flush()).isEqualTo(1);
    lines.clear();

    assertThat(emf.flush()).isZero();
    assertThat(lines).isEmpty();
  }

  @Test
  void countsBeforeTheWriterExistedAreNotWrittenAgain() {
    metrics.received();
    EmfMetrics late = new EmfMetrics(registry, "IotPipeline", id -> true, () -> NOW, lines::add);

    assertThat(late.flush()).isZero();
  }

  @Test
  void rejectionReasonsBecomeSeparateDocumentsWithTheReasonDimension() {
    metrics.received();
    metrics.received();
    metrics.received();
    metrics.rejected(DeadLetterReason.MALFORMED_JSON);
    metrics.rejected(DeadLetterReason.MALFORMED_JSON);
    metrics.rejected(DeadLetterReason.SCHEMA_VIOLATION);

    assertThat(emf.flush()).isEqualTo(3);

    List<JsonNode> docs = lines.stream().map(EmfMetricsTest::parse).toList();
    JsonNode untagged = only(docs, d -> !d.has("reason"));
    assertThat(untagged.get("ingest.messages.received").asDouble()).isEqualTo(3);
    assertThat(untagged.has("ingest.messages.rejected")).isFalse();

    JsonNode malformed = only(docs, d -> "MALFORMED_JSON".equals(d.path("reason").asText()));
    assertThat(malformed.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText())
        .isEqualTo("reason");
    assertThat(malformed.at("/_aws/CloudWatchMetrics/0/Dimensions/0")).hasSize(1);
    assertThat(names(malformed.at("/_aws/CloudWatchMetrics/0")))
        .containsExactly("ingest.messages.rejected");
    assertThat(malformed.get("ingest.messages.rejected").asDouble()).isEqualTo(2);

    JsonNode schema = only(docs, d -> "SCHEMA_VIOLATION".equals(d.path("reason").asText()));
    assertThat(schema.get("ingest.messages.rejected").asDouble()).isEqualTo(1);
  }

  @Test
  void timerIsWrittenInMillisecondsWithOneValuePerRecordingSummingToTheTotal() {
    metrics.publishLatency().record(Duration.ofMillis(4));
    metrics.publishLatency().record(Duration.ofMillis(8));

    emf.flush();

    JsonNode doc = parse(lines.get(0));
    JsonNode metric = doc.at("/_aws/CloudWatchMetrics/0/Metrics/0");
    assertThat(metric.get("Name").asText()).isEqualTo("ingest.publish.latency");
    assertThat(metric.get("Unit").asText()).isEqualTo("Milliseconds");
    JsonNode values = doc.get("ingest.publish.latency");
    // CloudWatch: SampleCount 2, Sum 12 ms, Average 6 ms.
    assertThat(values).hasSize(2);
    assertThat(values.get(0).asDouble()).isEqualTo(6.0);
    assertThat(values.get(1).asDouble()).isEqualTo(6.0);

    lines.clear();
    metrics.publishLatency().record(Duration.ofMillis(3));
    emf.flush();
    assertThat(parse(lines.get(0)).get("ingest.publish.latency").asDouble()).isEqualTo(3.0);
  }

  @Test
  void moreThanOneHundredRecordingsAreSplitOverDocumentsKeepingTheSum() {
    for (int i = 0; i < 250; i++) {
      metrics.publishLatency().record(Duration.ofMillis(2));
    }
    metrics.received();

    assertThat(emf.flush()).isEqualTo(3);

    List<JsonNode> docs = lines.stream().map(EmfMetricsTest::parse).toList();
    int recordings = 0;
    double sum = 0;
    for (JsonNode doc : docs) {
      JsonNode values = doc.get("ingest.publish.latency");
      assertThat(values.size()).isLessThanOrEqualTo(100);
      for (JsonNode value : values) {
        recordings++;
        sum += value.asDouble();
      }
    }
    assertThat(recordings).isEqualTo(250);
    assertThat(sum).isEqualTo(500.0);
    assertThat(docs.stream().filter(d -> d.has("ingest.messages.received"))).hasSize(1);
  }

  private static JsonNode only(List<JsonNode> docs, java.util.function.Predicate<JsonNode> which) {
    List<JsonNode> matching = docs.stream().filter(which).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static List<String> names(JsonNode directive) {
    return StreamSupport.stream(directive.get("Metrics").spliterator(), false)
        .map(m -> m.get("Name").asText())
        .toList();
  }

  static JsonNode parse(String line) {
    try {
      assertThat(line).doesNotContain("\n");
      return MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
