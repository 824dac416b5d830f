package dev.iotpipeline.ingest.function;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;

/** The canned trigger events under {@code src/test/resources/events/} (taken from AWS's docs). */
final class CannedEvents {

  private CannedEvents() {}

  /** A canned event, e.g. {@code "iot-rule-mqtt.json"}. */
  static JsonNode event(String resource) {
    try (InputStream in = CannedEvents.class.getResourceAsStream("/events/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("no canned event " + resource);
      }
      return ContractJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON document written in the test. */
  static JsonNode tree(String json) {
    try {
      return ContractJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
