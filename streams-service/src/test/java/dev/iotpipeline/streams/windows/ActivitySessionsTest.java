package dev.iotpipeline.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.streams.model.OpenSession;

class ActivitySessionsTest {

  private static final long MINUTE = 60_000;
  private static final long GAP = 30 * MINUTE;
  private static final long GRACE = 5_000;
  private static final long T0 = 1_764_000_000_000L;
  private static final ActivitySessions SESSIONS = new ActivitySessions(GAP, GRACE);

  @Test
  void readingExactlyTheGapAfterTheLastJoinsTheSession() {
    List<OpenSession> open = List.of(new OpenSession(T0, T0, 1, "meter"));

    assertThat(SESSIONS.add(open, reading("meter"), T0 + GAP, T0 + GAP))
        .containsExactly(new OpenSession(T0, T0 + GAP, 2, "meter"));
  }

  @Test
  void readingOneMillisecondPastTheGapStartsASecondSessionBesideTheOpenOne() {
    List<OpenSession> open = List.of(new OpenSession(T0, T0, 1, "meter"));

    assertThat(SESSIONS.add(open, reading("meter"), T0 + GAP + 1, T0 + GAP + 1))
        .containsExactly(
            new OpenSession(T0, T0, 1, "meter"),
            new OpenSession(T0 + GAP + 1, T0 + GAP + 1, 1, "meter"));
  }

  @Test
  void outOfOrderReadingWithinTheGapBeforeTheStartExtendsTheSessionBackwards() {
    List<OpenSession> open = List.of(new OpenSession(T0 + GAP, T0 + GAP + MINUTE, 2, "meter"));

    assertThat(SESSIONS.add(open, reading("meter"), T0, T0 + GAP + MINUTE))
        .containsExactly(new OpenSession(T0, T0 + GAP + MINUTE, 3, "meter"));
  }

  @Test
  void readingWithinTheGapOfTwoSessionsMergesThemWithAllTheirReadings() {
    List<OpenSession> open =
        List.of(
            new OpenSession(T0 - MINUTE, T0, 4, "meter"),
            new OpenSession(T0 + GAP + 2_000, T0 + GAP + MINUTE, 3, "meter"));

    assertThat(SESSIONS.add(open, reading("meter"), T0 + GAP / 2, T0 + GAP + MINUTE))
        .containsExactly(new OpenSession(T0 - MINUTE, T0 + GAP + MINUTE, 8, "meter"));
  }

  @Test
  void outOfOrderReadingJoiningNothingIsCountedUpToGapPlusGraceAfterItAndTooLateBeyond() {
    long streamTime = T0 + GAP + GRACE;
    List<OpenSession> open = List.of(new OpenSession(streamTime, streamTime, 1, "meter"));

    assertThat(SESSIONS.add(open, reading("meter"), T0, streamTime))
        .as("exactly gap + grace before stream time: a session of its own, closing at once")
        .containsExactly(
            new OpenSession(T0, T0, 1, "meter"),
            new OpenSession(streamTime, streamTime, 1, "meter"));
    assertThat(SESSIONS.add(open, reading("meter"), T0, streamTime + 1)).isNull();
    assertThat(SESSIONS.add(List.of(), reading("meter"), T0, streamTime + 1)).isNull();
  }

  @Test
  void mergedSessionTakesTheReadingsDeviceTypeElseTheOldestSessionsThatHasOne() {
    List<OpenSession> open =
        List.of(
            new OpenSession(T0, T0, 1, null),
            new OpenSession(T0 + 40 * MINUTE, T0 + 40 * MINUTE, 1, "old"));

    assertThat(SESSIONS.add(open, reading(null), T0 + 20 * MINUTE, T0 + 40 * MINUTE))
        .containsExactly(new OpenSession(T0, T0 + 40 * MINUTE, 3, "old"));
    assertThat(SESSIONS.add(open, reading("new"), T0 + 20 * MINUTE, T0 + 40 * MINUTE))
        .containsExactly(new OpenSession(T0, T0 + 40 * MINUTE, 3, "new"));
  }

  @Test
  void sessionClosesAtItsLastReadingPlusGapPlusGrace() {
    assertThat(SESSIONS.closesAt(new OpenSession(T0 - MINUTE, T0, 5, "meter")))
        .isEqualTo(T0 + GAP + GRACE);
  }

  @Test
  void zeroGapOrNegativeGraceIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> new ActivitySessions(0, GRACE))
        .hasMessageContaining("pipeline.outputs.sessions.gap");
    assertThatThrownBy(() -> new ActivitySessions(GAP, -1))
        .hasMessageContaining("pipeline.outputs.sessions.grace");
  }

  private static CanonicalReading reading(String deviceType) {
    return new CanonicalReading("s-1", deviceType, "power_w", 1, "W", T0, T0, null, null);
  }
}
