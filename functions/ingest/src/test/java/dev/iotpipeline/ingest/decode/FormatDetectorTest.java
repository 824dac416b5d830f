package dev.iotpipeline.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.PayloadFormat;

class FormatDetectorTest {

  private static final byte[] OBJECT = "{\"power_w\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ARRAY =
      "[{\"n\":\"power_w\",\"v\":1}]".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @CsvSource({
    "application/senml+json, SENML_JSON",
    "application/senml+json; charset=utf-8, SENML_JSON",
    "110, SENML_JSON",
    "application/senml+cbor, SENML_CBOR",
    "112, SENML_CBOR",
    "application/json, FLAT_JSON",
    "Application/JSON, FLAT_JSON",
    "50, FLAT_JSON",
  })
  void contentTypeDecidesTheFormat(String contentType, PayloadFormat expected) throws Exception {
    assertThat(FormatDetector.detect(contentType, OBJECT)).isEqualTo(expected);
  }

  @Test
  void applicationJsonCarryingAnArrayIsSenml() throws Exception {
    assertThat(FormatDetector.detect("application/json", ARRAY))
        .isEqualTo(PayloadFormat.SENML_JSON);
  }

  @Test
  void withoutContentTypeTheFirstByteDecides() throws Exception {
    assertThat(FormatDetector.detect(null, OBJECT)).isEqualTo(PayloadFormat.FLAT_JSON);
    assertThat(FormatDetector.detect(null, "  \n[]".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(PayloadFormat.SENML_JSON);
    assertThat(FormatDetector.detect(null, new byte[] {(byte) 0x87, 0x01}))
        .isEqualTo(PayloadFormat.SENML_CBOR);
    assertThat(FormatDetector.detect("application/octet-stream", new byte[] {(byte) 0x9f}))
        .isEqualTo(PayloadFormat.SENML_CBOR);
    assertThat(
            FormatDetector.detect(
                null, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'}))
        .isEqualTo(PayloadFormat.FLAT_JSON);
  }

  @Test
  void unknownContentTypeIsUnsupported() {
    assertThatThrownBy(() -> FormatDetector.detect("text/plain", OBJECT))
        .isInstanceOfSatisfying(
            PayloadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT));
  }

  @Test
  void bytesThatAreNeitherJsonNorCborArrayAreUnsupported() {
    assertThatThrownBy(() -> FormatDetector.detect(null, "<xml/>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            PayloadRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
              assertThat(e.detail()).contains("0x3c");
            });
    assertThatThrownBy(() -> FormatDetector.detect(null, new byte[] {(byte) 0xa1}))
        .isInstanceOfSatisfying(
            PayloadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT));
  }

  @Test
  void emptyPayloadIsEmpty() {
    assertThatThrownBy(() -> FormatDetector.detect("application/json", new byte[0]))
        .isInstanceOfSatisfying(
            PayloadRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.EMPTY_PAYLOAD));
  }
}
