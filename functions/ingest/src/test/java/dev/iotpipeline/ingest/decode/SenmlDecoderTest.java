package dev.iotpipeline.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.ingest.Samples;

class SenmlDecoderTest {

  private static final long NOW = 1_764_000_000_000L;
  private static final String RFC_SENSOR = "urn:dev:ow:10e2073a0108006";

  /** RFC 8428 §6: the §5.1.2 pack in CBOR, byte for byte as the RFC prints it. */
  private static final byte[] RFC8428_SECTION_6 =
      HexFormat.of()
          .parseHex(
              "87a721781b75726e3a6465763a6f773a3130653230373361303130383030363a22fb41d303a15b0010"
                  + "6223614120050067766f6c7461676501615602fb405e066666666666a3006763757272656e7406"
                  + "2402fb3ff3333333333333a3006763757272656e74062302fb3ff4cccccccccccda30067637572"
                  + "72656e74062202fb3ff6666666666666a3006763757272656e74062102f93e00a3006763757272"
                  + "656e74062002fb3ff999999999999aa3006763757272656e74060002fb3ffb333333333333");

  private static Decoded json(String pack) throws PayloadRejectedException {
    return SenmlDecoder.decodeJson(pack.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private static DeadLetterReason reasonOf(String pack) {
    try {
      json(pack);
      throw new AssertionError("accepted: " + pack);
    } catch (PayloadRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void resolvesTheRfc8428MultipleDatapointsExample() throws Exception {
    Decoded decoded =
        SenmlDecoder.decodeJson(
            Samples.bytes("valid/senml-json--rfc8428-5.1.2-multiple-datapoints.json"), NOW);

    assertThat(decoded.measurements())
        .containsExactly(
            new Measurement(RFC_SENSOR, "voltage", 120.1, "V", 1_276_020_076_001L),
            new Measurement(RFC_SENSOR, "current", 1.2, "A", 1_276_020_071_001L),
            new Measurement(RFC_SENSOR, "current", 1.3, "A", 1_276_020_072_001L),
            new Measurement(RFC_SENSOR, "current", 1.4, "A", 1_276_020_073_001L),
            new Measurement(RFC_SENSOR, "current", 1.5, "A", 1_276_020_074_001L),
            new Measurement(RFC_SENSOR, "current", 1.6, "A", 1_276_020_075_001L),
            new Measurement(RFC_SENSOR, "current", 1.7, "A", 1_276_020_076_001L));
  }

  @Test
  void decodesTheRfc8428CborExampleToTheSameReadingsAsItsJson() throws Exception {
    Decoded fromCbor = SenmlDecoder.decodeCbor(RFC8428_SECTION_6, NOW);
    Decoded fromJson =
        SenmlDecoder.decodeJson(
            Samples.bytes("valid/senml-json--rfc8428-5.1.2-multiple-datapoints.json"), NOW);

    assertThat(fromCbor.measurements()).hasSize(7).isEqualTo(fromJson.measurements());
    assertThat(Samples.bytes("valid/senml-cbor--rfc8428-6.cbor")).isEqualTo(RFC8428_SECTION_6);
  }

  @Test
  void timesBelow2To28AreRelativeToNowIncludingNegativeOnes() throws Exception {
    Decoded decoded =
        json(
            "[{\"bn\":\"m-1:\",\"n\":\"p\",\"v\":1,\"t\":-10},{\"n\":\"p\",\"v\":2},"
                + "{\"n\":\"p\",\"v\":3,\"t\":5.5}]");
    assertThat(decoded.measurements())
        .extracting(Measurement::eventTime)
        .containsExactly(NOW - 10_000, NOW, NOW + 5_500);
  }

  @Test
  void baseTimeAtOrAbove2To28IsAbsolute() throws Exception {
    Decoded decoded =
        json(
            "[{\"bn\":\"m-1:\",\"bt\":268435456,\"n\":\"p\",\"v\":1},{\"n\":\"p\",\"t\":-1,\"v\":2}]");
    assertThat(decoded.measurements())
        .extracting(Measurement::eventTime)
        // 2^28 + (-1) falls below the limit again: relative, so "now" minus 2^28-1 seconds.
        .containsExactly(268_435_456_000L, NOW + 268_435_455_000L);
  }

  @Test
  void baseFieldsCarryOverUntilReplacedAndNameSeveralSensors() throws Exception {
    Decoded decoded =
        SenmlDecoder.decodeJson(
            Samples.bytes("valid/senml-json--two-sensors-base-values.json"), NOW);
    assertThat(decoded.measurements())
        .containsExactly(
            new Measurement("m-1", "power_w", 1500, "W", 1_763_999_940_000L),
            new Measurement("m-1", "power_w", 1510, "W", 1_763_999_970_000L),
            new Measurement("m-2", "power_w", 900, "W", 1_763_999_955_000L),
            new Measurement("m-3", "power_w", 75.25, "W", 1_763_999_940_000L));
  }

  @Test
  void withoutBaseNameTheSensorIsLeftToTheAddress() throws Exception {
    assertThat(json("[{\"n\":\"power_w\",\"v\":1}]").measurements())
        .containsExactly(new Measurement(null, "power_w", 1, null, NOW));
  }

  @Test
  void recordsWithoutNameTakeTheirUnitAsMetric() throws Exception {
    Decoded decoded =
        SenmlDecoder.decodeJson(Samples.bytes("valid/senml-json--units-without-names.json"), NOW);
    assertThat(decoded.measurements())
        .extracting(Measurement::metric)
        .containsExactly("pct_RH", "lon", "lat", "pct_RH", "pct_EL");
    assertThat(decoded.measurements())
        .extracting(Measurement::sensorId)
        .containsOnly("urn:dev:ow:10e2073a01080063");
  }

  @Test
  void sumIsItsOwnMetricAndConnectedBooleanIsAFlag() throws Exception {
    Decoded decoded =
        SenmlDecoder.decodeJson(
            Samples.bytes("valid/senml-json--relative-times-and-connected.json"), NOW);
    assertThat(decoded.measurements())
        .extracting(Measurement::metric)
        .containsExactly("power_w", "power_w", "energy_wh", "energy_wh_sum");
    assertThat(decoded.flags()).containsExactly(new PresenceFlag("m-1", true, NOW));
    assertThat(decoded.ignored()).isEqualTo(1);
  }

  @Test
  void cborWithIntegerLabelsCarriesDataValuesAsIgnored() throws Exception {
    Decoded decoded =
        SenmlDecoder.decodeCbor(Samples.bytes("valid/senml-cbor--smart-meter.cbor"), NOW);
    assertThat(decoded.measurements())
        .containsExactly(
            new Measurement("m-1", "power_w", 1520.5, "W", 1_763_999_940_000L),
            new Measurement("m-1", "power_w", 1522.0, "W", 1_763_999_970_000L),
            new Measurement("m-1", "voltage_v", 231.2, "V", 1_763_999_940_000L));
    assertThat(decoded.flags()).containsExactly(new PresenceFlag("m-1", true, 1_763_999_940_000L));
    assertThat(decoded.ignored()).isEqualTo(1);
  }

  @Test
  void rejectsWhatBreaksRfc8428() {
    assertThat(reasonOf("{\"n\":\"p\",\"v\":1}")).isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"v\":1}]")).isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"n\":\"p\"}]")).isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"n\":\"p\",\"v\":1,\"vb\":true}]"))
        .isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"n\":\"p\",\"v\":1,\"new_\":1}]"))
        .isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"bver\":11,\"n\":\"p\",\"v\":1}]"))
        .isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"n\":\" p\",\"v\":1}]")).isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"bn\":\":\",\"n\":\"p\",\"v\":1}]"))
        .isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"n\":\"p\",\"v\":\"1\"}]")).isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[1]")).isEqualTo(DeadLetterReason.INVALID_SENML);
    assertThat(reasonOf("[{\"n\":\"p\",\"v\":1e999}]"))
        .isEqualTo(DeadLetterReason.NON_FINITE_VALUE);
    assertThat(reasonOf("[{\"bv\":1e308,\"n\":\"p\",\"v\":1e308}]"))
        .isEqualTo(DeadLetterReason.NON_FINITE_VALUE);
  }

  @Test
  void baseOnlyRecordsSetContextWithoutValues() throws Exception {
    assertThat(json("[{\"bn\":\"m-9:\",\"bu\":\"W\"},{\"n\":\"p\",\"v\":1}]").measurements())
        .containsExactly(new Measurement("m-9", "p", 1, "W", NOW));
  }

  @Test
  void truncatedCborIsMalformed() {
    try {
      SenmlDecoder.decodeCbor(java.util.Arrays.copyOf(RFC8428_SECTION_6, 40), NOW);
      throw new AssertionError("accepted");
    } catch (PayloadRejectedException e) {
      assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_CBOR);
    }
  }
}
