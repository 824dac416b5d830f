package dev.iotpipeline.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast path for ISO-8601 timestamps agrees with {@link DateTimeFormatter} or leaves it be. */
class TimestampsTest {

  @Test
  void commonFormsAreReadWithoutTheFormatter() {
    assertThat(Timestamps.commonIsoMillis("2025-11-24T16:00:00Z")).isEqualTo(1_764_000_000_000L);
    assertThat(Timestamps.commonIsoMillis("2025-11-24T17:00:00.250+01:00"))
        .isEqualTo(1_764_000_000_250L);
    assertThat(Timestamps.commonIsoMillis("2025-11-24T15:30:00.123456789-00:30"))
        .isEqualTo(1_764_000_000_123L);
  }

  @Test
  void doubtfulFormsAreLeftToTheFormatter() {
    for (String text :
        new String[] {
          "2025-11-24T16:00:00", // no offset
          "2025-11-24t16:00:00z", // lower case: the formatter reads it, case-insensitively
          "2025-02-29T16:00:00Z", // no such day
          "2025-11-24T16:00:60Z", // leap second
          "2025-11-24T16:00:00-00:00",
          "2025-11-24T16:00:00+18:01",
          "2025-11-24T16:00Z", // no seconds: the formatter reads it
          "2025-11-24T16:00:00.Z",
          "2025-11-24T16:00:00.1234567891Z",
          "+12025-11-24T16:00:00Z",
          "2025-11-24T16:00:00+01:00:30"
        }) {
      assertThat(Timestamps.commonIsoMillis(text)).as(text).isEqualTo(Timestamps.NOT_COMMON);
    }
  }

  @Test
  void leapDaysAreReadWithoutTheFormatterExactlyInLeapYears() {
    for (String leapDay : new String[] {"2024-02-29", "2000-02-29", "0000-02-29", "9996-02-29"}) {
      String text = leapDay + "T12:00:00Z";
      assertThat(Timestamps.commonIsoMillis(text))
          .as(text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }
    for (String notLeap : new String[] {"2025-02-29", "1900-02-29", "2100-02-29", "2025-04-31"}) {
      assertThat(Timestamps.commonIsoMillis(notLeap + "T12:00:00Z"))
          .as(notLeap)
          .isEqualTo(Timestamps.NOT_COMMON);
    }
  }

  @Property(tries = 5_000, seed = "20261124")
  void fastPathAgreesWithTheFormatter(@ForAll("isoLike") String text) {
    long fast = Timestamps.commonIsoMillis(text);
    Long formatter;
    try {
      formatter =
          OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant()
              .toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      formatter = null;
    }
    if (fast != Timestamps.NOT_COMMON) {
      assertThat(formatter).as(text).isEqualTo(fast);
    }
  }

  /** Text of the common shape with every field at and beyond its limits. */
  @Provide
  Arbitrary<String> isoLike() {
    Arbitrary<String> date =
        Combinators.combine(
                Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32))
            .as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
    Arbitrary<String> time =
        Combinators.combine(
                Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 61))
            .as((h, mi, s) -> String.format("%02d:%02d:%02d", h, mi, s));
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(f -> "." + f));
    Arbitrary<String> offset =
        Arbitraries.oneOf(
            Arbitraries.of("Z", "z", "", "+00:00", "-00:00", "+18:00", "-18:00", "+18:30"),
            Combinators.combine(
                    Arbitraries.of("+", "-"),
                    Arbitraries.integers().between(0, 19),
                    Arbitraries.integers().between(0, 60))
                .as((sign, h, m) -> String.format("%s%02d:%02d", sign, h, m)));
    return Combinators.combine(date, Arbitraries.of("T", "t", " "), time, fraction, offset)
        .as((d, t, tm, f, o) -> d + t + tm + f + o);
  }
}
