package dev.iotpipeline.ingest.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * SenML packs (RFC 8428) in JSON (§5) and CBOR (§6), resolved as §4.6 says:
 *
 * <ul>
 *   <li>base fields ({@code bn}, {@code bt}, {@code bu}, {@code bv}, {@code bs}) apply to their own
 *       record and every later one until a record sets them again; {@code bver} above 10 is
 *       rejected;
 *   <li>the time is {@code bt + t}; a result below 2^28 is relative to the receive time ("now"),
 *       negative values included; a record without {@code t} (and no {@code bt}) is "now";
 *   <li>the sensor is the base name without its trailing separator ({@code :}, {@code /} or {@code
 *       -}), so one pack may carry several sensors; without a base name the address names it;
 *   <li>the metric is {@code n}; a record with no {@code n} (the RFC's §5.1.4 style, told apart by
 *       unit) takes its unit as metric ({@code %RH} becomes {@code pct_RH}), else {@code value};
 *   <li>{@code v + bv} is a reading; {@code s + bs} a reading of metric {@code <metric>_sum};
 *       {@code vb} named {@code connected} is the device's connection flag; other {@code vb}, and
 *       {@code vs} and {@code vd}, are counted as ignored (the pipeline carries numbers only);
 *   <li>fields ending in {@code _} (must-understand, §4.4) are rejected, other unknown fields
 *       ignored.
 * </ul>
 *
 * <p>Read from the parser's tokens, without a tree (decision note 0207): each record's fields are
 * read once into a {@link SenmlRecord} and the record is resolved before the next is read. Checks
 * run in a fixed order per record whatever the order of its fields, and a payload that is also
 * malformed further on is rejected as malformed (the rest is read before a format rule's rejection
 * is thrown), so every verdict is the one a parse-then-walk reader gives.
 */
public final class SenmlDecoder {

  /** RFC 8428 §4.5.3: times below 2^28 s are relative to now. */
  public static final double RELATIVE_TIME_LIMIT = 268_435_456.0;

  /** The newest SenML version (RFC 8428 §4.4). */
  public static final int MAX_VERSION = 10;

  private static final Pattern NOT_METRIC_CHAR = Pattern.compile("[^A-Za-z0-9_.:/#-]");

  private SenmlDecoder() {}

  /** Decodes a SenML JSON pack. */
  public static Decoded decodeJson(byte[] payload, long receivedAt)
      throws PayloadRejectedException {
    try (JsonParser p = Json.JSON_TOKENS.createParser(payload)) {
      return decode(p, receivedAt, false);
    } catch (IOException e) {
      throw Json.malformed(false, e);
    }
  }

  /** Decodes a SenML CBOR pack (integer labels; text labels are read too). */
  public static Decoded decodeCbor(byte[] payload, long receivedAt)
      throws PayloadRejectedException {
    try (JsonParser p = Json.CBOR_TOKENS.createParser(payload)) {
      return decode(p, receivedAt, true);
    } catch (IOException e) {
      throw Json.malformed(true, e);
    }
  }

  /**
   * Resolves an already parsed pack (kept for callers holding a tree; it walks the tree's tokens
   * with the same rules).
   *
   * @param cbor whether the records carry CBOR integer labels
   */
  public static Decoded resolve(JsonNode pack, long receivedAt, boolean cbor)
      throws PayloadRejectedException {
    if (pack == null) {
      throw invalid("a SenML pack is an array of records, not nothing");
    }
    try (JsonParser p = pack.traverse()) {
      return decode(p, receivedAt, cbor);
    } catch (IOException e) {
      throw new IllegalStateException("a tree cannot be malformed", e);
    }
  }

  /**
   * Reads and resolves the pack. A rejection for a format rule is thrown only after the rest of the
   * document was read: if that fails, the payload is malformed instead.
   */
  private static Decoded decode(JsonParser p, long receivedAt, boolean cbor)
      throws IOException, PayloadRejectedException {
    try {
      Decoded decoded = readPack(p, receivedAt, cbor);
      Json.finish(p);
      return decoded;
    } catch (PayloadRejectedException rejected) {
      Json.drain(p);
      throw rejected;
    }
  }

  private static Decoded readPack(JsonParser p, long receivedAt, boolean cbor)
      throws IOException, PayloadRejectedException {
    JsonToken token = p.nextToken();
    if (token != JsonToken.START_ARRAY) {
      JsonNodeType type = token == null ? JsonNodeType.MISSING : Json.readValue(p, token);
      throw invalid("a SenML pack is an array of records, not " + type);
    }
    Resolver resolver = new Resolver(receivedAt);
    SenmlRecord record = new SenmlRecord(cbor);
    int i = 0;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        throw invalid("record " + i + " is " + Json.readValue(p, token) + ", not a map");
      }
      record.read(p);
      resolver.resolve(record, i);
      i++;
    }
    return resolver.decoded();
  }

  /** The §4.6 resolution: base fields carried from record to record, and what was found. */
  private static final class Resolver {
    private final long receivedAt;
    private final List<Measurement> measurements = new ArrayList<>(8);
    private final List<PresenceFlag> flags = new ArrayList<>(0);
    private int ignored;
    private String baseName;
    private double baseTime;
    private String baseUnit;
    private double baseValue;
    private double baseSum;
    // The sensor of the last base name, which most packs set once for all their records.
    private boolean sensorResolved;
    private String sensorOfBaseName;
    private String sensorId;
    // Whether the last base name can start a name (RFC 8428 §4.5.1), checked once per base name.
    private String checkedBaseName;
    private boolean baseNameStartsName;
    // The metric of the last unit, for packs of records without names.
    private String metricUnit;
    private String metricOfUnit;

    Resolver(long receivedAt) {
      this.receivedAt = receivedAt;
    }

    Decoded decoded() {
      return new Decoded(measurements, flags, ignored);
    }

    /**
     * Resolves record {@code i}; the checks run in this order, whatever the order of its fields.
     */
    void resolve(SenmlRecord record, int i) throws PayloadRejectedException {
      record.checkLabels(i);

      if (record.has(SenmlRecord.BVER)) {
        double version = record.number(SenmlRecord.BVER, i);
        if (version != Math.rint(version) || version < 1 || version > MAX_VERSION) {
          throw invalid(
              "record "
                  + i
                  + ": bver "
                  + version
                  + " is not a supported version (1.."
                  + MAX_VERSION
                  + ")");
        }
      }
      if (record.has(SenmlRecord.BN)) {
        baseName = record.text(SenmlRecord.BN, i);
      }
      if (record.has(SenmlRecord.BT)) {
        baseTime = record.number(SenmlRecord.BT, i);
      }
      if (record.has(SenmlRecord.BU)) {
        baseUnit = record.text(SenmlRecord.BU, i);
      }
      if (record.has(SenmlRecord.BV)) {
        baseValue = record.number(SenmlRecord.BV, i);
      }
      if (record.has(SenmlRecord.BS)) {
        baseSum = record.number(SenmlRecord.BS, i);
      }

      String n = record.has(SenmlRecord.N) ? record.text(SenmlRecord.N, i) : null;
      boolean hasV = record.has(SenmlRecord.V);
      double v = hasV ? record.number(SenmlRecord.V, i) : 0;
      boolean hasS = record.has(SenmlRecord.S);
      double s = hasS ? record.number(SenmlRecord.S, i) : 0;
      boolean hasVb = record.has(SenmlRecord.VB);
      boolean hasVs = record.has(SenmlRecord.VS);
      boolean hasVd = record.has(SenmlRecord.VD);
      int valueFields = (hasV ? 1 : 0) + (hasVb ? 1 : 0) + (hasVs ? 1 : 0) + (hasVd ? 1 : 0);
      if (valueFields > 1) {
        throw invalid("record " + i + " has more than one of v, vs, vb, vd");
      }
      if (valueFields == 0 && !hasS) {
        if (n != null) {
          throw invalid("record " + i + " names '" + abbreviate(n) + "' but has no value or sum");
        }
        // A record of base fields only: it sets the context of the records after it.
        return;
      }

      checkName(n == null ? "" : n, i);
      if (!sensorResolved || baseName != sensorOfBaseName) {
        sensorId = sensorOf(baseName, i);
        sensorOfBaseName = baseName;
        sensorResolved = true;
      }
      String unit = record.has(SenmlRecord.U) ? record.text(SenmlRecord.U, i) : baseUnit;
      String metric = n != null && !n.isEmpty() ? n : metricOf(unit);

      double t = record.has(SenmlRecord.T) ? record.number(SenmlRecord.T, i) : 0;
      double time = baseTime + t;
      long eventTime =
          time < RELATIVE_TIME_LIMIT
              ? receivedAt + Math.round(time * 1000.0)
              : Math.round(time * 1000.0);
      if (record.has(SenmlRecord.UT)) {
        record.number(SenmlRecord.UT, i);
      }

      if (hasV) {
        measurements.add(
            new Measurement(sensorId, metric, finite(baseValue + v, metric, i), unit, eventTime));
      } else if (hasVb) {
        if (record.type(SenmlRecord.VB) != JsonNodeType.BOOLEAN) {
          throw invalid("record " + i + ": vb must be a boolean");
        }
        if (FlatJsonDecoder.CONNECTED.equals(metric)) {
          flags.add(new PresenceFlag(sensorId, record.bool(SenmlRecord.VB), eventTime));
        } else {
          ignored++;
        }
      } else if (hasVs) {
        if (record.type(SenmlRecord.VS) != JsonNodeType.STRING) {
          throw invalid("record " + i + ": vs must be a string");
        }
        ignored++;
      } else if (hasVd) {
        JsonNodeType vd = record.type(SenmlRecord.VD);
        if (vd != JsonNodeType.STRING && vd != JsonNodeType.BINARY) {
          throw invalid("record " + i + ": vd must be data (base64url text or a byte string)");
        }
        ignored++;
      }
      if (hasS) {
        String sumMetric = metric + "_sum";
        measurements.add(
            new Measurement(
                sensorId, sumMetric, finite(baseSum + s, sumMetric, i), unit, eventTime));
      }
    }

    /**
     * The record's name, base name then name, must match {@code [A-Za-z0-9][-A-Za-z0-9:./_]*} (RFC
     * 8428 §4.5.1). Checked as a loop over the two parts, without joining them, the base name once
     * for all the records it names (a regular expression over the joined name cost a tenth of a
     * pack's decoding).
     */
    private void checkName(String n, int i) throws PayloadRejectedException {
      String bn = baseName == null ? "" : baseName;
      if (bn.isEmpty() && n.isEmpty()) {
        throw invalid("record " + i + " has no name (neither bn nor n)");
      }
      boolean valid;
      if (bn.isEmpty()) {
        valid = isName(n);
      } else {
        if (bn != checkedBaseName) {
          baseNameStartsName = isName(bn);
          checkedBaseName = bn;
        }
        valid = baseNameStartsName && nameChars(n, 0);
      }
      if (!valid) {
        throw invalid("record " + i + ": name '" + abbreviate(bn + n) + "' breaks RFC 8428 §4.5.1");
      }
    }

    private String metricOf(String unit) {
      if (unit == null || !unit.equals(metricUnit)) {
        metricOfUnit = metricOfUnit(unit);
        metricUnit = unit;
      }
      return metricOfUnit;
    }
  }

  /** ASCII characters of names: {@code [-A-Za-z0-9:./_]}; only alphanumerics may start one. */
  private static final boolean[] NAME_CHAR = new boolean[128];

  private static final boolean[] NAME_START = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      NAME_START[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      NAME_CHAR[c] = NAME_START[c] || "-:./_".indexOf(c) >= 0;
    }
  }

  /** Whether {@code s} from {@code from} on has only name characters. */
  private static boolean nameChars(String s, int from) {
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c >= 128 || !NAME_CHAR[c]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} matches {@code [A-Za-z0-9][-A-Za-z0-9:./_]*}. */
  private static boolean isName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    return first < 128 && NAME_START[first] && nameChars(s, 1);
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

  private static double finite(double value, String metric, int i) throws PayloadRejectedException {
    if (!Double.isFinite(value)) {
      throw new PayloadRejectedException(
          DeadLetterReason.NON_FINITE_VALUE,
          "record " + i + ": value of '" + abbreviate(metric) + "' is " + value);
    }
    return value;
  }

  static String abbreviate(String s) {
    return Timestamps.abbreviate(s);
  }

  static PayloadRejectedException invalid(String detail) {
    return new PayloadRejectedException(DeadLetterReason.INVALID_SENML, detail);
  }
}
