package dev.iotpipeline.ingest.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/**
 * Copies of one sample payload for a fleet: device {@code d}'s copy names its own sensor (flat
 * JSON's {@code sensor_id}, SenML's base name), has its own values (±20 %) and times (up to an hour
 * earlier), and is encoded as the sample is (CBOR keeps integer labels).
 */
final class FleetPayloads {

  private final String format;
  private final JsonNode sample;
  private final SplittableRandom random;
  private final ObjectMapper json = new ObjectMapper();
  private final CBORMapper cbor = new CBORMapper();

  FleetPayloads(String format, byte[] sample, SplittableRandom random) {
    this.format = format;
    this.random = random;
    try {
      this.sample = ("SENML_CBOR".equals(format) ? cbor : json).readTree(sample);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] forDevice(int d) {
    JsonNode copy = sample.deepCopy();
    long secondsEarlier = random.nextInt(3600);
    try {
      switch (format) {
        case "FLAT_JSON" -> {
          ObjectNode object = (ObjectNode) copy;
          object.put("sensor_id", "m-" + d);
          for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("timestamp") && field.getValue().isTextual()) {
              field.setValue(
                  object.textNode(
                      Instant.parse(field.getValue().asText())
                          .minusSeconds(secondsEarlier)
                          .toString()));
            } else if (field.getValue().isNumber()) {
              field.setValue(object.numberNode(jitter(field.getValue().asDouble())));
            }
          }
          return json.writeValueAsBytes(object);
        }
        case "SENML_JSON" -> {
          senml(copy, d, secondsEarlier, "bn", "bt", "v");
          return json.writeValueAsBytes(copy);
        }
        default -> {
          senml(copy, d, secondsEarlier, "-2", "-3", "2");
          return cborWithIntegerLabels(cbor, copy);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void senml(JsonNode pack, int d, long secondsEarlier, String bn, String bt, String v) {
    for (JsonNode node : pack) {
      ObjectNode record = (ObjectNode) node;
      if (record.has(bn)) {
        record.put(bn, "urn:dev:ow:" + Integer.toHexString(0x10000000 + d) + ":");
      }
      if (record.has(bt)) {
        record.put(bt, record.get(bt).asDouble() - secondsEarlier);
      }
      if (record.has(v)) {
        record.put(v, jitter(record.get(v).asDouble()));
      }
    }
  }

  private double jitter(double value) {
    return Math.round(value * (0.8 + 0.4 * random.nextDouble()) * 10) / 10.0;
  }

  /** CBOR as RFC 8428 §6 writes it: labels that are integers written as integer keys. */
  private static byte[] cborWithIntegerLabels(CBORMapper cbor, JsonNode pack) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator generator = (CBORGenerator) cbor.createGenerator(out)) {
      generator.writeStartArray();
      for (JsonNode record : pack) {
        generator.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          generator.writeFieldId(Long.parseLong(field.getKey()));
          generator.writeTree(field.getValue());
        }
        generator.writeEndObject();
      }
      generator.writeEndArray();
    }
    return out.toByteArray();
  }
}
