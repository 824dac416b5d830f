package dev.iotpipeline.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.DeadLetterReason;

class FlatJsonDecoderTest {

  private static final long NOW = 1_764_000_000_000L;

  private static Decoded decode(String json) throws PayloadRejectedException {
    return FlatJsonDecoder.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private static DeadLetterReason reasonOf(String json) {
    try {
      decode(json);
      throw new AssertionError("accepted: " + json);
    } catch (PayloadRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void everyNumericFieldIsAMetric() throws Exception {
    Decoded decoded =
        decode(
            "{\"sensor_id\":\"m-1\",\"timestamp\":\"2025-11-24T15:59:30Z\",\"power_w\":1520.5,"
                + "\"energy_wh\":42017,\"firmware\":\"1.4.2\",\"ok\":true,\"extra\":null}");
    assertThat(decoded.measurements())
        .containsExactly(
            new Measurement("m-1", "power_w", 1520.5, null, 1_763_999_970_000L),
            new Measurement("m-1", "energy_wh", 42017, null, 1_763_999_970_000L));
    assertThat(decoded.flags()).isEmpty();
    assertThat(decoded.ignored()).isEqualTo(3);
  }

  @Test
  void isoTimestampWithOffsetIsConverted() throws Exception {
    assertThat(
            decode("{\"timestamp\":\"2025-11-24T16:59:30.250+01:00\",\"x\":1}")
                .measurements()
                .get(0)
                .eventTime())
        .isEqualTo(1_763_999_970_250L);
  }

  @Test
  void epochSecondsAndMillisecondsAreToldApartByMagnitude() throws Exception {
    assertThat(decode("{\"timestamp\":1763999970,\"x\":1}").measurements().get(0).eventTime())
        .isEqualTo(1_763_999_970_000L);
    assertThat(decode("{\"timestamp\":1763999970.5,\"x\":1}").measurements().get(0).eventTime())
        .isEqualTo(1_763_999_970_500L);
    assertThat(decode("{\"timestamp\":1763999970123,\"x\":1}").measurements().get(0).eventTime())
        .isEqualTo(1_763_999_970_123L);
    assertThat(decode("{\"timestamp\":99999999999,\"x\":1}").measurements().get(0).eventTime())
        .isEqualTo(99_999_999_999_000L);
    assertThat(decode("{\"timestamp\":100000000000,\"x\":1}").measurements().get(0).eventTime())
        .isEqualTo(100_000_000_000L);
  }

  @Test
  void missingTimestampTakesTheReceiveTime() throws Exception {
    assertThat(decode("{\"x\":1}").measurements().get(0).eventTime()).isEqualTo(NOW);
  }

  @Test
  void sensorIdMayBeAbsent() throws Exception {
    assertThat(decode("{\"x\":1}").measurements().get(0).sensorId()).isNull();
  }

  @Test
  void connectedIsAFlagNotAMetric() throws Exception {
    Decoded decoded = decode("{\"sensor_id\":\"m-1\",\"connected\":false,\"x\":1}");
    assertThat(decoded.flags()).containsExactly(new PresenceFlag("m-1", false, NOW));
    assertThat(decoded.measurements()).extracting(Measurement::metric).containsExactly("x");
  }

  @Test
  void nonFiniteValuesAreRejected() {
    assertThat(reasonOf("{\"x\":NaN}")).isEqualTo(DeadLetterReason.NON_FINITE_VALUE);
    assertThat(reasonOf("{\"x\":-Infinity}")).isEqualTo(DeadLetterReason.NON_FINITE_VALUE);
    assertThat(reasonOf("{\"x\":1e999}")).isEqualTo(DeadLetterReason.NON_FINITE_VALUE);
  }

  @Test
  void malformedJsonIsRejected() {
    assertThat(reasonOf("{\"x\":1")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(reasonOf("{\"x\":1,\"x\":2}")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(reasonOf("{\"x\":1} {}")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(reasonOf("[1]")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
  }

  @Test
  void wrongFieldTypesAreSchemaViolations() {
    assertThat(reasonOf("{\"sensor_id\":1,\"x\":1}")).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    assertThat(reasonOf("{\"connected\":\"yes\",\"x\":1}"))
        .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    assertThat(reasonOf("{\"timestamp\":\"yesterday\",\"x\":1}"))
        .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    assertThat(reasonOf("{\"timestamp\":true,\"x\":1}"))
        .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
  }

  @Test
  void unparseableTimestampDetailNamesIt() {
    assertThatThrownBy(() -> decode("{\"timestamp\":\"2025-11-24 16:00\",\"x\":1}"))
        .hasMessageContaining("2025-11-24 16:00")
        .hasMessageContaining("ISO-8601");
  }
}
