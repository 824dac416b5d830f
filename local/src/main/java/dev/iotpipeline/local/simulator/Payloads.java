package dev.iotpipeline.local.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * Encodes readings in the three device formats of CONTRACT.md §1 (flat JSON with each timestamp
 * style, SenML JSON, SenML CBOR with RFC 8428 integer labels), and makes malformed payloads.
 */
final class Payloads {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORFactory CBOR = new CBORFactory();

  private Payloads() {}

  static String contentType(SimDevice.Format format) {
    return switch (format) {
      case FLAT_JSON -> "application/json";
      case SENML_JSON -> "application/senml+json";
      case SENML_CBOR -> "application/senml+cbor";
    };
  }

  /** CoAP Content-Format numbers: 50 JSON, 110 SenML JSON, 112 SenML CBOR. */
  static int coapFormat(SimDevice.Format format) {
    return switch (format) {
      case FLAT_JSON -> 50;
      case SENML_JSON -> 110;
      case SENML_CBOR -> 112;
    };
  }

  static byte[] encode(SimDevice device, long eventTime, Map<String, Double> values) {
    return switch (device.format) {
      case FLAT_JSON -> flat(device, eventTime, values);
      case SENML_JSON -> senmlJson(device, eventTime, values);
      case SENML_CBOR -> senmlCbor(device, eventTime, values);
    };
  }

  private static byte[] flat(SimDevice device, long eventTime, Map<String, Double> values) {
    ObjectNode node = JSON.createObjectNode();
    node.put("sensor_id", device.id);
    switch (device.timestampStyle) {
      case 0 -> node.put("timestamp", eventTime);
      case 1 -> node.put("timestamp", eventTime / 1000);
      default -> node.put("timestamp", Instant.ofEpochMilli(eventTime).toString());
    }
    values.forEach(node::put);
    node.put("connected", true);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] senmlJson(SimDevice device, long eventTime, Map<String, Double> values) {
    ArrayNode pack = JSON.createArrayNode();
    boolean first = true;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      ObjectNode record = pack.addObject();
      if (first) {
        record.put("bn", device.id + ":");
        record.put("bt", eventTime / 1000.0);
        first = false;
      }
      record.put("n", e.getKey());
      record.put("u", unit(e.getKey()));
      record.put("v", e.getValue());
    }
    return pack.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] senmlCbor(SimDevice device, long eventTime, Map<String, Double> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = CBOR.createGenerator(out)) {
      g.writeStartArray();
      boolean first = true;
      for (Map.Entry<String, Double> e : values.entrySet()) {
        g.writeStartObject();
        if (first) {
          g.writeFieldId(-2); // bn
          g.writeString(device.id + ":");
          g.writeFieldId(-3); // bt
          g.writeNumber(eventTime / 1000.0);
          first = false;
        }
        g.writeFieldId(0); // n
        g.writeString(e.getKey());
        g.writeFieldId(1); // u
        g.writeString(unit(e.getKey()));
        g.writeFieldId(2); // v
        g.writeNumber(e.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String unit(String metric) {
    return switch (metric) {
      case "power_w" -> "W";
      case "voltage_v" -> "V";
      case "temperature_c" -> "Cel";
      case "humidity_pct" -> "%RH";
      default -> "";
    };
  }

  /** One of several broken payloads a real fleet sends: each must land in iot-dlq. */
  static byte[] malformed(SimDevice device, long eventTime, Random random) {
    String text =
        switch (random.nextInt(5)) {
          case 0 -> "{\"sensor_id\": \"" + device.id + "\", \"power_w\": "; // truncated
          case 1 -> "\"a JSON string, not a reading\"";
          case 2 -> "[{\"bn\": \"" + device.id + ":\", \"n\": \"power_w\", \"v\": \"NaN\"}]";
          case 3 ->
              "{\"sensor_id\": \""
                  + device.id
                  + "\", \"timestamp\": \"yesterday\", \"power_w\": 1}";
          default -> "\u0000\u0001garbage\u00ff";
        };
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
