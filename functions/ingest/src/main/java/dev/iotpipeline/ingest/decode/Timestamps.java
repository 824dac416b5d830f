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
      long fast = commonIsoMillis(timestamp.asText());
      if (fast != NOT_COMMON) {
        return fast;
      }
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

  /** {@link #commonIsoMillis} could not read the text: the formatter decides. */
  static final long NOT_COMMON = Long.MIN_VALUE;

  /**
   * Reads the form nearly every device sends, {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:MM)}, without
   * {@link DateTimeFormatter} (which costs about a microsecond per call: it builds a field map and
   * resolves it). Anything else, or any doubt (a date that does not exist, {@code -00:00},
   * lower-case {@code t}/{@code z}, seconds 60, offsets beyond ±18:00), is left to {@link
   * DateTimeFormatter#ISO_OFFSET_DATE_TIME}: this only ever agrees with it ({@code TimestampsTest}
   * compares the two on generated text).
   *
   * @return epoch ms, or {@link #NOT_COMMON}
   */
  static long commonIsoMillis(String s) {
    int length = s.length();
    if (length < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NOT_COMMON;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_COMMON;
    }
    int i = 19;
    long nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < length && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      int fractionDigits = i - start;
      if (fractionDigits == 0 || (i < length && isDigit(s.charAt(i)))) {
        return NOT_COMMON;
      }
      for (int k = fractionDigits; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == length - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == length - 6
        && (s.charAt(i) == '+' || s.charAt(i) == '-')
        && s.charAt(i + 3) == ':') {
      int offsetHours = digits(s, i + 1, 2);
      int offsetMinutes = digits(s, i + 4, 2);
      if (offsetHours < 0
          || offsetMinutes < 0
          || offsetMinutes > 59
          || offsetHours * 60 + offsetMinutes > 18 * 60
          || (s.charAt(i) == '-' && offsetHours == 0 && offsetMinutes == 0)) {
        return NOT_COMMON;
      }
      offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return NOT_COMMON;
    }
    long epochDay = epochDay(year, month, day);
    long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSecond * 1000 + nanos / 1_000_000;
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic (H. Hinnant's
   * days_from_civil), as {@code LocalDate.of(year, month, day).toEpochDay()} but without the
   * object; years 0-9999 here.
   */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /** The number of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
