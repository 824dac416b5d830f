package dev.iotpipeline.ingest.decode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.DeadLetterReason;

/** Reads the flat-JSON {@code timestamp} field. */
public final class Timestamps {

  /**
   * Numbers below this are epoch seconds, at or above it epoch milliseconds. 10^11 s is the year
   * 5138 while 10^11 ms is 1973-03-03: no plausible reading is ambiguous, and anything before 2000
   * is rejected by the range check anyway.
   */
  public static final double SECONDS_LIMIT = 1e11;

  private Timestamps() {}

  /**
   * Converts a timestamp to epoch ms: an ISO-8601 string with an offset ({@code
   * 2025-11-24T16:00:00Z}, {@code 2025-11-24T17:00:00.250+01:00}), or a number of epoch seconds
   * (fractions allowed) or epoch milliseconds, told apart by {@link #SECONDS_LIMIT}.
   */
  public static long toEpochMillis(JsonNode timestamp) throws PayloadRejectedException {
    if (timestamp.isNumber()) {
      double t = timestamp.asDouble();
      if (!Double.isFinite(t)) {
        throw new PayloadRejectedException(
            DeadLetterReason.TIMESTAMP_OUT_OF_RANGE, "timestamp is not a finite number");
      }
      if (Math.abs(t) < SECONDS_LIMIT) {
        return Math.round(t * 1000.0);
      }
      if (Math.abs(t) >= Long.MAX_VALUE) {
        throw new PayloadRejectedException(
            DeadLetterReason.TIMESTAMP_OUT_OF_RANGE, "timestamp " + t + " is out of range");
      }
      return timestamp.canConvertToLong() ? timestamp.asLong() : Math.round(t);
    }
    if (timestamp.isTextual()) {
      try {
        return OffsetDateTime.parse(timestamp.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new PayloadRejectedException(
            DeadLetterReason.SCHEMA_VIOLATION,
            "timestamp '"
                + abbreviate(timestamp.asText())
                + "' is not ISO-8601 with an offset (e.g. 2025-11-24T16:00:00Z)");
      }
    }
    throw new PayloadRejectedException(
        DeadLetterReason.SCHEMA_VIOLATION,
        "timestamp must be an ISO-8601 string or epoch seconds/milliseconds, not "
            + timestamp.getNodeType());
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
