package dev.iotpipeline.ingest.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.PayloadFormat;
import dev.iotpipeline.contracts.PresenceOrigin;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.ingest.decode.Address;
import dev.iotpipeline.ingest.decode.Decoded;
import dev.iotpipeline.ingest.decode.FlatJsonDecoder;
import dev.iotpipeline.ingest.decode.FormatDetector;
import dev.iotpipeline.ingest.decode.LifecycleDecoder;
import dev.iotpipeline.ingest.decode.Measurement;
import dev.iotpipeline.ingest.decode.PayloadRejectedException;
import dev.iotpipeline.ingest.decode.PresenceFlag;
import dev.iotpipeline.ingest.decode.SenmlDecoder;
import dev.iotpipeline.ingest.model.RawMessage;
import io.quarkus.logging.Log;

/**
 * Translates one raw message into canonical readings and presence changes, or into exactly one dead
 * letter: size, format, decoding, address, semantic checks (finite values, time range) and JSON
 * Schema validation of every record. Pure: no I/O, thread-safe, never throws for any input bytes.
 */
public final class IngestTranslator {

  /** 2000-01-01T00:00:00Z: no device of ours measured anything before. */
  public static final long EARLIEST_EVENT_TIME = 946_684_800_000L;

  private static final int MAX_DETAIL = 2048;

  private final int maxPayloadBytes;
  private final long maxFutureSkewMillis;
  private final SchemaValidator validator;

  public IngestTranslator(int maxPayloadBytes, Duration maxFutureSkew, SchemaValidator validator) {
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxFutureSkewMillis = maxFutureSkew.toMillis();
    this.validator = Objects.requireNonNull(validator);
  }

  /** Translates a message; see the class comment. */
  public Translation translate(RawMessage message) {
    Address address =
        message.protocol() == Protocol.IOT_LIFECYCLE ? null : Address.parse(message.address());
    PayloadFormat format = null;
    try {
      checkSize(message.payload());
      if (message.protocol() == Protocol.IOT_LIFECYCLE) {
        return lifecycle(message, sourceOf(message, PayloadFormat.IOT_LIFECYCLE));
      }
      if (address == null) {
        throw new PayloadRejectedException(
            DeadLetterReason.MISSING_SENSOR_ID,
            "address '"
                + abbreviate(message.address())
                + "' is neither dt/{deviceType}/{sensorId}/telemetry nor"
                + " /telemetry/{deviceType}/{sensorId}");
      }
      format = FormatDetector.detect(message.contentType(), message.payload());
      Decoded decoded = decode(format, message);
      return readings(message, address, sourceOf(message, format), format, decoded);
    } catch (PayloadRejectedException e) {
      return reject(message, e.reason(), e.detail(), format, address);
    }
  }

  private static Source sourceOf(RawMessage message, PayloadFormat format) {
    return new Source(
        message.protocol(), format, message.address(), message.clientId(), message.contentType());
  }

  /**
   * A dead letter for a message the caller already found wrong (e.g. a trigger event that is not of
   * its documented shape).
   */
  public Translation reject(RawMessage message, DeadLetterReason reason, String detail) {
    return reject(message, reason, detail, null, Address.parse(message.address()));
  }

  private void checkSize(byte[] payload) throws PayloadRejectedException {
    if (payload.length > maxPayloadBytes) {
      throw new PayloadRejectedException(
          DeadLetterReason.PAYLOAD_TOO_LARGE,
          "payload of " + payload.length + " bytes exceeds the limit of " + maxPayloadBytes);
    }
    if (payload.length == 0) {
      throw new PayloadRejectedException(DeadLetterReason.EMPTY_PAYLOAD, "payload is empty");
    }
  }

  private Decoded decode(PayloadFormat format, RawMessage message) throws PayloadRejectedException {
    try {
      return switch (format) {
        case FLAT_JSON -> FlatJsonDecoder.decode(message.payload(), message.receivedAt());
        case SENML_JSON -> SenmlDecoder.decodeJson(message.payload(), message.receivedAt());
        case SENML_CBOR -> SenmlDecoder.decodeCbor(message.payload(), message.receivedAt());
        default ->
            throw new PayloadRejectedException(
                DeadLetterReason.UNSUPPORTED_FORMAT, "format " + format + " carries no readings");
      };
    } catch (RuntimeException e) {
      // A parser failure the decoders did not foresee: the bytes are still malformed input, not a
      // reason to fail the invocation (which would make the trigger retry them forever).
      Log.warnf(e, "Decoding %s failed unexpectedly", format);
      throw new PayloadRejectedException(
          format == PayloadFormat.SENML_CBOR
              ? DeadLetterReason.MALFORMED_CBOR
              : DeadLetterReason.MALFORMED_JSON,
          "could not decode " + format + ": " + e);
    }
  }

  private Translation readings(
      RawMessage message, Address address, Source source, PayloadFormat format, Decoded decoded)
      throws PayloadRejectedException {
    if (decoded.isEmpty()) {
      throw new PayloadRejectedException(
          DeadLetterReason.NO_READINGS,
          decoded.ignored() == 0
              ? "payload carries no metric"
              : "payload carries no numeric metric (" + decoded.ignored() + " values ignored)");
    }
    List<DevicePresence> presences = new ArrayList<>(decoded.flags().size());
    List<CanonicalReading> readings = new ArrayList<>(decoded.measurements().size());
    try {
      for (PresenceFlag flag : decoded.flags()) {
        String sensorId = sensorOf(flag.sensorId(), address, format);
        checkTime(flag.eventTime(), message.receivedAt());
        DevicePresence presence =
            new DevicePresence(
                sensorId, flag.connected(), flag.eventTime(), PresenceOrigin.READING, null);
        presences.add(presence);
      }
      Map<String, Boolean> connectedBySensor = indexFlags(presences);
      // A message's readings mostly share one sensor: look its flag up once.
      String flagSensor = null;
      Boolean connected = null;
      for (Measurement m : decoded.measurements()) {
        String sensorId = sensorOf(m.sensorId(), address, format);
        checkTime(m.eventTime(), message.receivedAt());
        if (!sensorId.equals(flagSensor)) {
          flagSensor = sensorId;
          connected = connectedOf(sensorId, presences, connectedBySensor);
        }
        CanonicalReading reading =
            new CanonicalReading(
                sensorId,
                address.deviceType(),
                m.metric(),
                m.value(),
                m.unit(),
                m.eventTime(),
                message.receivedAt(),
                connected,
                source);
        readings.add(reading);
      }
    } catch (PayloadRejectedException e) {
      // Records are checked in order, each against the schema before the next one's semantic
      // checks: a schema violation of an earlier record is the message's reason.
      throwFirstViolation(presences, readings);
      throw e;
    }
    if (!validator.allValid(readings, presences)) {
      throwFirstViolation(presences, readings);
      // The remembered verdicts and the whole-record ones are equivalent (note 0208); should they
      // ever disagree, the stricter verdict stands.
      Log.warnf("Remembered schema verdicts failed but no record did: %s", message.address());
      throw new PayloadRejectedException(
          DeadLetterReason.SCHEMA_VIOLATION, "the records fail the contract schemas");
    }
    return Translation.accepted(readings, presences);
  }

  /**
   * The sensors' last connected flags by sensor, for a message with many flags; null for the usual
   * few (none, or flat JSON's one), which {@link #connectedOf} scans without building a map.
   */
  private static Map<String, Boolean> indexFlags(List<DevicePresence> presences) {
    if (presences.size() <= 8) {
      return null;
    }
    Map<String, Boolean> index = new HashMap<>(2 * presences.size());
    for (DevicePresence presence : presences) {
      index.put(presence.sensorId(), presence.connected());
    }
    return index;
  }

  /** The connected flag the message gave this sensor last, or null. */
  private static Boolean connectedOf(
      String sensorId, List<DevicePresence> presences, Map<String, Boolean> index) {
    if (index != null) {
      return index.get(sensorId);
    }
    for (int i = presences.size() - 1; i >= 0; i--) {
      if (presences.get(i).sensorId().equals(sensorId)) {
        return presences.get(i).connected();
      }
    }
    return null;
  }

  /** Throws SCHEMA_VIOLATION with the messages of the first invalid record, if there is one. */
  private void throwFirstViolation(List<DevicePresence> presences, List<CanonicalReading> readings)
      throws PayloadRejectedException {
    for (DevicePresence presence : presences) {
      validate(ContractSchema.DEVICE_PRESENCE, RecordTrees.presence(presence));
    }
    for (CanonicalReading reading : readings) {
      validate(ContractSchema.CANONICAL_READING, RecordTrees.reading(reading));
    }
  }

  /**
   * The sensor of a value: flat JSON may repeat the address's sensor but not contradict it; a SenML
   * base name names the sensor itself (one pack, several sensors); otherwise the address names it.
   */
  private static String sensorOf(String named, Address address, PayloadFormat format)
      throws PayloadRejectedException {
    if (named == null) {
      return address.sensorId();
    }
    if (format == PayloadFormat.FLAT_JSON && !named.equals(address.sensorId())) {
      throw new PayloadRejectedException(
          DeadLetterReason.SENSOR_ID_MISMATCH,
          "sensor_id '"
              + abbreviate(named)
              + "' contradicts the address, which names '"
              + abbreviate(address.sensorId())
              + "'");
    }
    return named;
  }

  private void checkTime(long eventTime, long receivedAt) throws PayloadRejectedException {
    if (eventTime < EARLIEST_EVENT_TIME) {
      throw new PayloadRejectedException(
          DeadLetterReason.TIMESTAMP_OUT_OF_RANGE,
          "event time " + eventTime + " ms is before 2000-01-01");
    }
    if (eventTime > receivedAt + maxFutureSkewMillis) {
      throw new PayloadRejectedException(
          DeadLetterReason.TIMESTAMP_OUT_OF_RANGE,
          "event time "
              + eventTime
              + " ms is more than "
              + maxFutureSkewMillis
              + " ms after the receive time "
              + receivedAt);
    }
  }

  private void validate(ContractSchema schema, JsonNode record) throws PayloadRejectedException {
    List<String> violations = validator.violations(schema, record);
    if (!violations.isEmpty()) {
      throw new PayloadRejectedException(
          DeadLetterReason.SCHEMA_VIOLATION,
          schema.fileName() + ": " + String.join("; ", violations));
    }
  }

  private Translation lifecycle(RawMessage message, Source source) throws PayloadRejectedException {
    DevicePresence presence = LifecycleDecoder.decode(message.payload());
    checkTime(presence.eventTime(), Math.max(message.receivedAt(), presence.eventTime()));
    validate(ContractSchema.DEVICE_PRESENCE, RecordTrees.presence(presence));
    return Translation.accepted(List.of(), List.of(presence));
  }

  private Translation reject(
      RawMessage message,
      DeadLetterReason reason,
      String detail,
      PayloadFormat format,
      Address address) {
    byte[] payload = message.payload();
    String stored;
    String fullDetail = detail;
    if (payload.length > maxPayloadBytes) {
      // Keep the dead letter below the broker's record size limit; payloadSize keeps the truth.
      stored =
          Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(payload, maxPayloadBytes));
      fullDetail = detail + " (the first " + maxPayloadBytes + " bytes are kept here)";
    } else {
      stored = Base64.getEncoder().encodeToString(payload);
    }
    String sensorId = address == null ? null : truncate(address.sensorId(), 256);
    Source source =
        new Source(
            message.protocol(),
            format,
            truncate(message.address(), 512),
            truncate(message.clientId(), 256),
            truncate(message.contentType(), 128));
    DeadLetter deadLetter =
        new DeadLetter(
            reason,
            truncate(
                fullDetail == null || fullDetail.isEmpty() ? reason.name() : fullDetail,
                MAX_DETAIL),
            DeadLetter.STAGE_INGEST,
            source,
            sensorId,
            Math.max(0, message.receivedAt()),
            stored,
            payload.length);
    String key = sensorId != null ? sensorId : message.clientId() != null ? message.clientId() : "";
    return Translation.rejected(deadLetter, key);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
