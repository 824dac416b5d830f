package dev.iotpipeline.ingest.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * Flat JSON, the common vendor form: {@code {"sensor_id": "m-1", "timestamp": ..., "power_w":
 * 1520.5, "connected": true}}. Every numeric field other than {@code timestamp} is a metric; {@code
 * connected} (boolean) is a flag; {@code sensor_id} may be absent; strings, nulls, arrays, objects
 * and other booleans are not metrics and are ignored.
 */
public final class FlatJsonDecoder {

  public static final String SENSOR_ID = "sensor_id";
  public static final String TIMESTAMP = "timestamp";
  public static final String CONNECTED = "connected";

  private FlatJsonDecoder() {}

  /**
   * Decodes one payload.
   *
   * @param receivedAt the event time when the payload has no timestamp
   */
  public static Decoded decode(byte[] payload, long receivedAt) throws PayloadRejectedException {
    JsonNode root;
    try {
      root = Json.JSON.readTree(payload);
    } catch (JacksonException e) {
      throw new PayloadRejectedException(
          DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new PayloadRejectedException(
          DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PayloadRejectedException(
          DeadLetterReason.MALFORMED_JSON,
          "flat JSON must be an object, not " + (root == null ? "nothing" : root.getNodeType()));
    }
    return decode(root, receivedAt);
  }

  /** Decodes an already parsed object (the benchmark's and the API's entry point). */
  public static Decoded decode(JsonNode root, long receivedAt) throws PayloadRejectedException {
    String sensorId = null;
    JsonNode sensorNode = root.get(SENSOR_ID);
    if (sensorNode != null && !sensorNode.isNull()) {
      if (!sensorNode.isTextual()) {
        throw new PayloadRejectedException(
            DeadLetterReason.SCHEMA_VIOLATION,
            "sensor_id must be a string, not " + sensorNode.getNodeType());
      }
      sensorId = sensorNode.asText();
    }
    long eventTime = receivedAt;
    JsonNode timestampNode = root.get(TIMESTAMP);
    if (timestampNode != null && !timestampNode.isNull()) {
      eventTime = Timestamps.toEpochMillis(timestampNode);
    }
    List<PresenceFlag> flags = List.of();
    JsonNode connectedNode = root.get(CONNECTED);
    if (connectedNode != null && !connectedNode.isNull()) {
      if (!connectedNode.isBoolean()) {
        throw new PayloadRejectedException(
            DeadLetterReason.SCHEMA_VIOLATION,
            "connected must be a boolean, not " + connectedNode.getNodeType());
      }
      flags = List.of(new PresenceFlag(sensorId, connectedNode.booleanValue(), eventTime));
    }
    List<Measurement> measurements = new ArrayList<>(root.size());
    int ignored = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (SENSOR_ID.equals(name) || TIMESTAMP.equals(name) || CONNECTED.equals(name)) {
        continue;
      }
      JsonNode value = field.getValue();
      if (!value.isNumber()) {
        ignored++;
        continue;
      }
      double v = value.asDouble();
      if (!Double.isFinite(v)) {
        throw new PayloadRejectedException(
            DeadLetterReason.NON_FINITE_VALUE,
            "metric '" + Timestamps.abbreviate(name) + "' is " + v + ", not a finite number");
      }
      measurements.add(new Measurement(sensorId, name, v, null, eventTime));
    }
    return new Decoded(measurements, flags, ignored);
  }
}
