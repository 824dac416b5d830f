package dev.iotpipeline.ingest.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * THE REFERENCE, not production code: the decoders as they were before they read tokens (decision
 * note 0207), copied verbatim from commit fb51fb8 ({@code readTree}, then walk the tree), with the
 * strict mappers they read with. {@code StreamingDecodersMatchTreeDecodersTest} holds the streaming
 * decoders to the same results and the same rejections. Do not "improve" this class: its value is
 * that it is the old behaviour.
 */
final class TreeDecodersOracle {

  /** The strict readers the tree decoders used, as {@code decode/Json.java} had them. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static final ObjectMapper CBOR =
      CBORMapper.builder(new CBORFactory())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private TreeDecodersOracle() {}

  /** The tree-walking flat-JSON decoder, verbatim. */
  static final class FlatJson {

    public static final String SENSOR_ID = "sensor_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String CONNECTED = "connected";

    private FlatJson() {}

    /**
     * Decodes one payload.
     *
     * @param receivedAt the event time when the payload has no timestamp
     */
    public static Decoded decode(byte[] payload, long receivedAt) throws PayloadRejectedException {
      JsonNode root;
      try {
        root = JSON.readTree(payload);
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

  /** The tree-walking SenML decoder, verbatim. */
  static final class Senml {

    /** RFC 8428 §4.5.3: times below 2^28 s are relative to now. */
    public static final double RELATIVE_TIME_LIMIT = 268_435_456.0;

    /** The newest SenML version (RFC 8428 §4.4). */
    public static final int MAX_VERSION = 10;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9:./_]*");
    private static final Pattern NOT_METRIC_CHAR = Pattern.compile("[^A-Za-z0-9_.:/#-]");

    /** CBOR integer labels (RFC 8428 §6, Table 4) to JSON labels; index = label + 6. */
    private static final String[] CBOR_LABELS = {
      "bs", "bv", "bu", "bt", "bn", "bver", "n", "u", "v", "vs", "vb", "s", "t", "ut", "vd"
    };

    private Senml() {}

    /** Decodes a SenML JSON pack. */
    public static Decoded decodeJson(byte[] payload, long receivedAt)
        throws PayloadRejectedException {
      JsonNode pack;
      try {
        pack = JSON.readTree(payload);
      } catch (JacksonException e) {
        throw new PayloadRejectedException(
            DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new PayloadRejectedException(
            DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
      }
      return resolve(pack, receivedAt, false);
    }

    /** Decodes a SenML CBOR pack (integer labels; text labels are read too). */
    public static Decoded decodeCbor(byte[] payload, long receivedAt)
        throws PayloadRejectedException {
      JsonNode pack;
      try {
        pack = CBOR.readTree(payload);
      } catch (JacksonException e) {
        throw new PayloadRejectedException(
            DeadLetterReason.MALFORMED_CBOR, "not valid CBOR: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new PayloadRejectedException(
            DeadLetterReason.MALFORMED_CBOR, "not valid CBOR: " + e.getMessage());
      }
      return resolve(pack, receivedAt, true);
    }

    /**
     * Resolves a parsed pack.
     *
     * @param cbor whether the records carry CBOR integer labels
     */
    public static Decoded resolve(JsonNode pack, long receivedAt, boolean cbor)
        throws PayloadRejectedException {
      if (pack == null || !pack.isArray()) {
        throw invalid(
            "a SenML pack is an array of records, not "
                + (pack == null ? "nothing" : pack.getNodeType()));
      }
      List<Measurement> measurements = new ArrayList<>(pack.size());
      List<PresenceFlag> flags = new ArrayList<>(0);
      int ignored = 0;
      String baseName = null;
      double baseTime = 0;
      String baseUnit = null;
      double baseValue = 0;
      double baseSum = 0;
      for (int i = 0; i < pack.size(); i++) {
        JsonNode node = pack.get(i);
        if (!node.isObject()) {
          throw invalid("record " + i + " is " + node.getNodeType() + ", not a map");
        }
        JsonNode record = cbor ? fromCborLabels((ObjectNode) node, i) : node;
        checkMustUnderstand(record, i);

        Double version = number(record, "bver", i);
        if (version != null
            && (version != Math.rint(version) || version < 1 || version > MAX_VERSION)) {
          throw invalid(
              "record "
                  + i
                  + ": bver "
                  + version
                  + " is not a supported version (1.."
                  + MAX_VERSION
                  + ")");
        }
        String bn = text(record, "bn", i);
        if (bn != null) {
          baseName = bn;
        }
        Double bt = number(record, "bt", i);
        if (bt != null) {
          baseTime = bt;
        }
        String bu = text(record, "bu", i);
        if (bu != null) {
          baseUnit = bu;
        }
        Double bv = number(record, "bv", i);
        if (bv != null) {
          baseValue = bv;
        }
        Double bs = number(record, "bs", i);
        if (bs != null) {
          baseSum = bs;
        }

        String n = text(record, "n", i);
        Double v = number(record, "v", i);
        Double s = number(record, "s", i);
        JsonNode vb = record.get("vb");
        JsonNode vs = record.get("vs");
        JsonNode vd = record.get("vd");
        int valueFields = (v != null ? 1 : 0) + (vb != null ? 1 : 0) + (vs != null ? 1 : 0);
        valueFields += vd != null ? 1 : 0;
        if (valueFields > 1) {
          throw invalid("record " + i + " has more than one of v, vs, vb, vd");
        }
        if (valueFields == 0 && s == null) {
          if (n != null) {
            throw invalid("record " + i + " names '" + abbreviate(n) + "' but has no value or sum");
          }
          // A record of base fields only: it sets the context of the records after it.
          continue;
        }

        String name = (baseName == null ? "" : baseName) + (n == null ? "" : n);
        if (name.isEmpty()) {
          throw invalid("record " + i + " has no name (neither bn nor n)");
        }
        if (!NAME.matcher(name).matches()) {
          throw invalid("record " + i + ": name '" + abbreviate(name) + "' breaks RFC 8428 §4.5.1");
        }
        String sensorId = sensorOf(baseName, i);
        String unit = text(record, "u", i);
        if (unit == null) {
          unit = baseUnit;
        }
        String metric = n != null && !n.isEmpty() ? n : metricOfUnit(unit);

        Double t = number(record, "t", i);
        double time = baseTime + (t == null ? 0 : t);
        long eventTime =
            time < RELATIVE_TIME_LIMIT
                ? receivedAt + Math.round(time * 1000.0)
                : Math.round(time * 1000.0);
        number(record, "ut", i);

        if (v != null) {
          measurements.add(
              new Measurement(sensorId, metric, finite(baseValue + v, metric, i), unit, eventTime));
        } else if (vb != null) {
          if (!vb.isBoolean()) {
            throw invalid("record " + i + ": vb must be a boolean");
          }
          if (FlatJsonDecoder.CONNECTED.equals(metric)) {
            flags.add(new PresenceFlag(sensorId, vb.booleanValue(), eventTime));
          } else {
            ignored++;
          }
        } else if (vs != null) {
          if (!vs.isTextual()) {
            throw invalid("record " + i + ": vs must be a string");
          }
          ignored++;
        } else if (vd != null) {
          if (!vd.isTextual() && !vd.isBinary()) {
            throw invalid("record " + i + ": vd must be data (base64url text or a byte string)");
          }
          ignored++;
        }
        if (s != null) {
          String sumMetric = metric + "_sum";
          measurements.add(
              new Measurement(
                  sensorId, sumMetric, finite(baseSum + s, sumMetric, i), unit, eventTime));
        }
      }
      return new Decoded(measurements, flags, ignored);
    }

    private static String sensorOf(String baseName, int i) throws PayloadRejectedException {
      if (baseName == null || baseName.isEmpty()) {
        return null;
      }
      char last = baseName.charAt(baseName.length() - 1);
      String sensor =
          last == ':' || last == '/' || last == '-'
              ? baseName.substring(0, baseName.length() - 1)
              : baseName;
      if (sensor.isEmpty()) {
        throw invalid("record " + i + ": base name '" + baseName + "' names no sensor");
      }
      return sensor;
    }

    /** A metric name for a record without {@code n}: its unit, made a legal metric name. */
    static String metricOfUnit(String unit) {
      if (unit == null || unit.isEmpty()) {
        return "value";
      }
      return NOT_METRIC_CHAR.matcher(unit.replace("%", "pct_")).replaceAll("_");
    }

    private static double finite(double value, String metric, int i)
        throws PayloadRejectedException {
      if (!Double.isFinite(value)) {
        throw new PayloadRejectedException(
            DeadLetterReason.NON_FINITE_VALUE,
            "record " + i + ": value of '" + abbreviate(metric) + "' is " + value);
      }
      return value;
    }

    private static void checkMustUnderstand(JsonNode record, int i)
        throws PayloadRejectedException {
      Iterator<String> names = record.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (name.endsWith("_")) {
          throw invalid(
              "record "
                  + i
                  + " has must-understand field '"
                  + abbreviate(name)
                  + "' (RFC 8428 §4.4)");
        }
      }
    }

    /** Renames the integer labels of a CBOR record to the JSON labels. */
    private static JsonNode fromCborLabels(ObjectNode record, int i)
        throws PayloadRejectedException {
      ObjectNode named = record.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String key = field.getKey();
        String label = key;
        if (!key.isEmpty() && (key.charAt(0) == '-' || Character.isDigit(key.charAt(0)))) {
          int index;
          try {
            index = Integer.parseInt(key) + 6;
          } catch (NumberFormatException e) {
            throw invalid("record " + i + ": label '" + abbreviate(key) + "' is not a SenML label");
          }
          // Unregistered integer labels are not must-understand: skip them.
          if (index < 0 || index >= CBOR_LABELS.length) {
            continue;
          }
          label = CBOR_LABELS[index];
        }
        if (named.has(label)) {
          throw invalid("record " + i + " carries label '" + label + "' twice");
        }
        named.set(label, field.getValue());
      }
      return named;
    }

    private static Double number(JsonNode record, String field, int i)
        throws PayloadRejectedException {
      JsonNode node = record.get(field);
      if (node == null) {
        return null;
      }
      if (!node.isNumber()) {
        throw invalid(
            "record " + i + ": " + field + " must be a number, not " + node.getNodeType());
      }
      double value = node.asDouble();
      if (!Double.isFinite(value)) {
        DeadLetterReason reason =
            field.equals("v") || field.equals("s") || field.equals("bv") || field.equals("bs")
                ? DeadLetterReason.NON_FINITE_VALUE
                : DeadLetterReason.INVALID_SENML;
        throw new PayloadRejectedException(
            reason, "record " + i + ": " + field + " is " + value + ", not a finite number");
      }
      return value;
    }

    private static String text(JsonNode record, String field, int i)
        throws PayloadRejectedException {
      JsonNode node = record.get(field);
      if (node == null) {
        return null;
      }
      if (!node.isTextual()) {
        throw invalid(
            "record " + i + ": " + field + " must be a string, not " + node.getNodeType());
      }
      return node.asText();
    }

    private static String abbreviate(String s) {
      return Timestamps.abbreviate(s);
    }

    private static PayloadRejectedException invalid(String detail) {
      return new PayloadRejectedException(DeadLetterReason.INVALID_SENML, detail);
    }
  }
}
