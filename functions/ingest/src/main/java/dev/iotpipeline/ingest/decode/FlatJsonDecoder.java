package dev.iotpipeline.ingest.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * Flat JSON, the common vendor form: {@code {"sensor_id": "m-1", "timestamp": ..., "power_w":
 * 1520.5, "connected": true}}. Every numeric field other than {@code timestamp} is a metric; {@code
 * connected} (boolean) is a flag; {@code sensor_id} may be absent; strings, nulls, arrays, objects
 * and other booleans are not metrics and are ignored.
 *
 * <p>Read from the parser's tokens, without a tree (decision note 0207): the payload is parsed once
 * and each field looked at once.
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
    try (JsonParser p = Json.JSON_TOKENS.createParser(payload)) {
      JsonToken token = p.nextToken();
      if (token != JsonToken.START_OBJECT) {
        JsonNodeType type = token == null ? JsonNodeType.MISSING : Json.readValue(p, token);
        Json.finish(p);
        throw new PayloadRejectedException(
            DeadLetterReason.MALFORMED_JSON, "flat JSON must be an object, not " + type);
      }
      Fields fields = Fields.read(p);
      Json.finish(p);
      return fields.decode(receivedAt);
    } catch (IOException e) {
      throw Json.malformed(false, e);
    }
  }

  /**
   * Decodes an already parsed object (kept for callers holding a tree; it walks the tree's tokens
   * with the same rules). Anything but an object carries nothing.
   */
  public static Decoded decode(JsonNode root, long receivedAt) throws PayloadRejectedException {
    if (!root.isObject()) {
      return new Decoded(new ArrayList<>(0), List.of(), 0);
    }
    try (JsonParser p = root.traverse()) {
      p.nextToken();
      return Fields.read(p).decode(receivedAt);
    } catch (IOException e) {
      throw new IllegalStateException("a tree cannot be malformed", e);
    }
  }

  /**
   * One object's fields, read once in document order; checked only after the whole document was
   * read, in the order the rules name them (sensor_id, timestamp, connected, metrics), so the same
   * payload always gets the same verdict, whatever the order of its fields.
   */
  private static final class Fields implements Json.Names {
    private JsonNodeType sensorType;
    private String sensorText;
    private JsonNode timestamp;
    private JsonNodeType connectedType;
    private boolean connected;
    private String[] metrics = new String[4];
    private double[] values = new double[4];
    private int count;
    private int ignored;
    // Names of the ignored fields, for the duplicate check; most payloads have none.
    private List<String> ignoredNames;

    /** Reads the fields of the object whose start the parser stands on, to its end. */
    static Fields read(JsonParser p) throws IOException {
      Fields fields = new Fields();
      String name;
      while ((name = Json.nextFieldName(p, fields)) != null) {
        JsonToken token = p.nextToken();
        switch (name) {
          case SENSOR_ID -> {
            fields.sensorType = Json.readValue(p, token);
            fields.sensorText = fields.sensorType == JsonNodeType.STRING ? p.getText() : null;
          }
          case TIMESTAMP -> fields.timestamp = Json.node(p, token);
          case CONNECTED -> {
            fields.connectedType = Json.readValue(p, token);
            fields.connected = token == JsonToken.VALUE_TRUE;
          }
          default -> {
            if (token.isNumeric()) {
              fields.add(name, Json.number(p, token));
            } else {
              Json.readValue(p, token);
              fields.ignore(name);
            }
          }
        }
      }
      return fields;
    }

    @Override
    public boolean isDuplicate(String name) {
      return switch (name) {
        case SENSOR_ID -> sensorType != null;
        case TIMESTAMP -> timestamp != null;
        case CONNECTED -> connectedType != null;
        default -> {
          for (int i = 0; i < count; i++) {
            if (metrics[i].equals(name)) {
              yield true;
            }
          }
          yield ignoredNames != null && ignoredNames.contains(name);
        }
      };
    }

    private void ignore(String name) {
      if (ignoredNames == null) {
        ignoredNames = new ArrayList<>(4);
      }
      ignoredNames.add(name);
      ignored++;
    }

    private void add(String metric, double value) {
      if (count == metrics.length) {
        metrics = java.util.Arrays.copyOf(metrics, count * 2);
        values = java.util.Arrays.copyOf(values, count * 2);
      }
      metrics[count] = metric;
      values[count] = value;
      count++;
    }

    Decoded decode(long receivedAt) throws PayloadRejectedException {
      String sensorId = null;
      if (sensorType != null && sensorType != JsonNodeType.NULL) {
        if (sensorType != JsonNodeType.STRING) {
          throw new PayloadRejectedException(
              DeadLetterReason.SCHEMA_VIOLATION, "sensor_id must be a string, not " + sensorType);
        }
        sensorId = sensorText;
      }
      long eventTime = receivedAt;
      if (timestamp != null && !timestamp.isNull()) {
        eventTime = Timestamps.toEpochMillis(timestamp);
      }
      List<PresenceFlag> flags = List.of();
      if (connectedType != null && connectedType != JsonNodeType.NULL) {
        if (connectedType != JsonNodeType.BOOLEAN) {
          throw new PayloadRejectedException(
              DeadLetterReason.SCHEMA_VIOLATION,
              "connected must be a boolean, not " + connectedType);
        }
        flags = List.of(new PresenceFlag(sensorId, connected, eventTime));
      }
      List<Measurement> measurements = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        double v = values[i];
        if (!Double.isFinite(v)) {
          throw new PayloadRejectedException(
              DeadLetterReason.NON_FINITE_VALUE,
              "metric '"
                  + Timestamps.abbreviate(metrics[i])
                  + "' is "
                  + v
                  + ", not a finite number");
        }
        measurements.add(new Measurement(sensorId, metrics[i], v, null, eventTime));
      }
      return new Decoded(measurements, flags, ignored);
    }
  }
}
