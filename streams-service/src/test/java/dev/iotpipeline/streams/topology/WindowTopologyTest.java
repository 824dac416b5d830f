package dev.iotpipeline.streams.topology;

import static dev.iotpipeline.streams.topology.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.LateReading;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.contracts.WindowAggregate;

/** The 5-minute aggregates, the lateness gate and the dead letters of the production topology. */
class WindowTopologyTest {

  private static final long WINDOW = 300_000;
  private static final long GRACE = 5_000;
  private static final String TYPE = "weather-station";
  private static final String METRIC = "humidity";

  private TopologyFixture f;

  @BeforeEach
  void start() {
    f = TopologyFixture.start();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void shouldEmitOneFinalAggregateOnlyWhenWindowPlusGraceHasPassed() {
    f.send("s-1", TYPE, METRIC, 10, T0);
    f.send("s-1", TYPE, METRIC, 30, T0 + 60_000);
    f.send("s-1", TYPE, METRIC, 20, T0 + WINDOW - 1);
    f.send("s-1", TYPE, METRIC, 99, T0 + WINDOW + GRACE - 1);
    assertThat(f.aggregates.isEmpty()).as("window open until end + grace").isTrue();

    f.send("s-1", TYPE, METRIC, 50, T0 + WINDOW + GRACE);

    assertThat(f.readAggregates())
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + WINDOW, 3, 60, 20, 10, 30));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void readingExactlyAtWindowEndBelongsToTheNextWindow() {
    f.send("s-1", TYPE, METRIC, 1, T0 + 1_000);
    f.send("s-1", TYPE, METRIC, 7, T0 + WINDOW);
    f.send("s-1", TYPE, METRIC, 0, T0 + 2 * WINDOW + GRACE);

    assertThat(f.readAggregates())
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + WINDOW, 1, 1, 1, 1, 1),
            new WindowAggregate("s-1", TYPE, METRIC, T0 + WINDOW, T0 + 2 * WINDOW, 1, 7, 7, 7, 7));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void outOfOrderReadingWithinGraceCountsInItsWindow() {
    f.send("s-1", TYPE, METRIC, 4, T0 + 10_000);
    f.send("s-1", TYPE, METRIC, 100, T0 + WINDOW + GRACE - 1);
    f.send("s-1", TYPE, METRIC, 6, T0 + 200_000); // out of order, one ms before the window closes

    f.send("s-1", TYPE, METRIC, 100, T0 + WINDOW + GRACE);

    assertThat(f.readAggregates())
        .containsExactly(new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + WINDOW, 2, 10, 5, 4, 6));
    assertThat(f.counter("pipeline.readings.late")).isZero();
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void readingArrivingWhenStreamTimeReachedGraceEndGoesToTheLateTopic() {
    f.send("s-1", TYPE, METRIC, 4, T0 + 10_000);
    f.send("s-2", TYPE, METRIC, 1, T0 + WINDOW + GRACE); // another sensor moves stream time
    List<WindowAggregate> closed = f.readAggregates();

    f.send("s-1", TYPE, METRIC, 5, T0 + WINDOW - 1);

    assertThat(closed)
        .containsExactly(new WindowAggregate("s-1", TYPE, METRIC, T0, T0 + WINDOW, 1, 4, 4, 4, 4));
    List<LateReading> late = f.readLate();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).reading().value()).isEqualTo(5);
    assertThat(late.get(0).windowStart()).isEqualTo(T0);
    assertThat(late.get(0).windowEnd()).isEqualTo(T0 + WINDOW);
    assertThat(late.get(0).streamTime()).isEqualTo(T0 + WINDOW + GRACE);
    assertThat(f.counter("pipeline.readings.late")).isEqualTo(1);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void lateReadingIsNeitherAggregatedNorReopensItsWindow() {
    f.send("s-1", TYPE, METRIC, 4, T0);
    f.send("s-1", TYPE, METRIC, 1, T0 + WINDOW + GRACE);
    f.readAggregates();
    f.send("s-1", TYPE, METRIC, 1000, T0 + 5);
    f.readLate();

    f.send("s-1", TYPE, METRIC, 1, T0 + 2 * WINDOW + GRACE);

    assertThat(f.readAggregates())
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0 + WINDOW, T0 + 2 * WINDOW, 1, 1, 1, 1, 1));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void shouldKeepSensorsAndMetricsApartAndRememberTheLatestAggregate() {
    f.send("s-1", TYPE, METRIC, 1, T0);
    f.send("s-1", TYPE, "temp", 2, T0);
    f.send("s-2", TYPE, METRIC, 3, T0);
    f.send("s-3", TYPE, METRIC, 0, T0 + WINDOW + GRACE);

    assertThat(f.readAggregates())
        .extracting(a -> a.sensorId() + "/" + a.metric() + "=" + a.sum())
        .containsExactlyInAnyOrder("s-1/humidity=1.0", "s-1/temp=2.0", "s-2/humidity=3.0");
    KeyValueStore<String, WindowAggregate> latest =
        f.driver.getKeyValueStore(TelemetryTopology.LATEST_AGGREGATE_STORE);
    assertThat(latest.get("s-1|temp").sum()).isEqualTo(2);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void unreadableRecordBecomesADeadLetterAndTheStreamContinues() {
    f.raw.pipeInput("s-1", "{not json", T0);
    f.send("s-1", TYPE, METRIC, 2, T0 + 1);
    f.send("s-1", TYPE, METRIC, 0, T0 + WINDOW + GRACE);

    assertThat(f.deadLetters).hasSize(1);
    DeadLetter letter = f.deadLetters.remove(0);
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION_ERROR);
    assertThat(letter.stage()).isEqualTo("streams");
    assertThat(letter.sensorId()).isEqualTo("s-1");
    assertThat(letter.payload()).isEqualTo("e25vdCBqc29u"); // base64 of "{not json"
    assertThat(f.readAggregates()).extracting(WindowAggregate::count).containsExactly(1L);
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void resultTooLargeToProduceBecomesADeadLetterAndTheStreamContinues() {
    f.close();
    f = TopologyFixture.start(Map.of("pipeline.max-output-record-bytes", "2000"));
    f.send("s-1", TYPE, METRIC, 4, T0);
    f.send("s-1", TYPE, METRIC, 1, T0 + WINDOW + GRACE);
    f.readAggregates();
    String longUnit = "x".repeat(3000);

    f.send(
        new CanonicalReading(
            "s-1", TYPE, METRIC, 5, longUnit, T0 + 5, T0 + 5, null, TopologyFixture.SOURCE));
    f.send("s-1", TYPE, METRIC, 2, T0 + 2 * WINDOW + GRACE);

    assertThat(f.deadLetters).hasSize(1);
    DeadLetter letter = f.deadLetters.remove(0);
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.PRODUCTION_ERROR);
    assertThat(letter.source().topic()).isEqualTo(Topics.LATE_EVENTS);
    assertThat(letter.detail()).contains("pipeline.max-output-record-bytes=2000");
    assertThat(new String(Base64.getDecoder().decode(letter.payload()), StandardCharsets.UTF_8))
        .as("the reading that produced it")
        .contains(longUnit);
    assertThat(f.counter("pipeline.readings.late")).isEqualTo(1);
    assertThat(f.readLate()).isEmpty();
    assertThat(f.readAggregates())
        .containsExactly(
            new WindowAggregate("s-1", TYPE, METRIC, T0 + WINDOW, T0 + 2 * WINDOW, 1, 1, 1, 1, 1));
    assertThat(f.nothingElseEmitted()).isTrue();
  }

  @Test
  void readingWithoutMetricBecomesAProcessingErrorDeadLetter() {
    f.raw.pipeInput(
        "s-1",
        "{\"sensorId\":\"s-1\",\"deviceType\":\"x\",\"value\":1,\"eventTime\":"
            + T0
            + ",\"receivedAt\":"
            + T0
            + ",\"source\":{\"protocol\":\"HTTP\"}}",
        T0);

    assertThat(f.deadLetters)
        .extracting(DeadLetter::reason)
        .containsExactly(DeadLetterReason.PROCESSING_ERROR);
    assertThat(f.deadLetters.get(0).detail()).contains("without metric");
    f.deadLetters.clear();
    assertThat(f.counter("pipeline.readings.processed")).isZero();
    assertThat(f.nothingElseEmitted()).isTrue();
  }
}
