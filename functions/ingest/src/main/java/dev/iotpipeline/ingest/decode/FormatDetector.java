package dev.iotpipeline.ingest.decode;

import java.util.Locale;

import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.PayloadFormat;

/**
 * Tells the payload format: by content type where the protocol carries one (HTTP Content-Type, CoAP
 * Content-Format), else by the first byte (MQTT).
 */
public final class FormatDetector {

  /** CoAP Content-Format numbers (RFC 7252 §12.3, RFC 8428 §12.3). */
  static final String COAP_JSON = "50";

  static final String COAP_SENML_JSON = "110";
  static final String COAP_SENML_CBOR = "112";

  private FormatDetector() {}

  /**
   * Detects the format.
   *
   * @throws PayloadRejectedException UNSUPPORTED_FORMAT for a content type the pipeline does not
   *     read or bytes that are neither JSON nor a CBOR array
   */
  public static PayloadFormat detect(String contentType, byte[] payload)
      throws PayloadRejectedException {
    if (payload.length == 0) {
      throw new PayloadRejectedException(DeadLetterReason.EMPTY_PAYLOAD, "payload is empty");
    }
    String type = mediaType(contentType);
    if (type != null) {
      switch (type) {
        case "application/senml+json", COAP_SENML_JSON -> {
          return PayloadFormat.SENML_JSON;
        }
        case "application/senml+cbor", COAP_SENML_CBOR -> {
          return PayloadFormat.SENML_CBOR;
        }
        case "application/json", "text/json", COAP_JSON -> {
          // A JSON document is flat JSON when an object, a SenML pack when an array.
          PayloadFormat byBytes = inspect(payload);
          return byBytes == PayloadFormat.SENML_JSON ? byBytes : PayloadFormat.FLAT_JSON;
        }
        case "application/octet-stream", "42" -> {
          // Says nothing about the content: look at it.
        }
        default ->
            throw new PayloadRejectedException(
                DeadLetterReason.UNSUPPORTED_FORMAT,
                "content type '"
                    + contentType
                    + "' is not one of application/json, application/senml+json,"
                    + " application/senml+cbor (CoAP 50, 110, 112)");
      }
    }
    PayloadFormat format = inspect(payload);
    if (format == PayloadFormat.UNKNOWN) {
      throw new PayloadRejectedException(
          DeadLetterReason.UNSUPPORTED_FORMAT,
          String.format(
              "payload starts with byte 0x%02x: neither a JSON object or array nor a CBOR array",
              payload[firstSignificant(payload)] & 0xff));
    }
    return format;
  }

  /**
   * By inspection: {@code {} flat JSON, {@code [} SenML JSON, a CBOR array (major type 4) SenML
   * CBOR; JSON whitespace and a UTF-8 byte order mark before the first character are skipped.
   */
  static PayloadFormat inspect(byte[] payload) {
    if (payload.length == 0) {
      return PayloadFormat.UNKNOWN;
    }
    int first = payload[0] & 0xff;
    if ((first & 0xe0) == 0x80) {
      // CBOR major type 4 (array), checked before skipping: 0x80..0x9f are never JSON whitespace.
      return PayloadFormat.SENML_CBOR;
    }
    int i = firstSignificant(payload);
    int b = payload[i] & 0xff;
    if (b == '{') {
      return PayloadFormat.FLAT_JSON;
    }
    if (b == '[') {
      return PayloadFormat.SENML_JSON;
    }
    return PayloadFormat.UNKNOWN;
  }

  private static int firstSignificant(byte[] payload) {
    int i = 0;
    if (payload.length >= 3
        && (payload[0] & 0xff) == 0xef
        && (payload[1] & 0xff) == 0xbb
        && (payload[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < payload.length - 1
        && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\n' || payload[i] == '\r')) {
      i++;
    }
    return Math.min(i, payload.length - 1);
  }

  /** The media type without parameters, lower case; null when absent or blank. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType)
            .trim()
            .toLowerCase(Locale.ROOT);
    return type.isEmpty() ? null : type;
  }
}
