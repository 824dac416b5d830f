package dev.iotpipeline.streams.api;

import java.time.Duration;

/**
 * Event-time ranges for the tests on the shared broker. The topology's stream time is per partition
 * and survives restarts (changelogged), so a test that sends readings older than another test's
 * would see them judged late, depending on the order the tests ran in. Each test reserves a range
 * after every range reserved before it in this JVM (across test classes and Quarkus restarts: the
 * counter is a system property), aligned to 10 minutes so that the 1-, 5- and 10-minute windows
 * start at its base, and 20 minutes apart so that no window spans two tests. The ranges start half
 * a day in the past and stay there: the broker rejects timestamps more than an hour ahead of its
 * clock ({@code log.message.timestamp.after.max.ms}), and the topology's outputs and changelogs
 * carry event times.
 */
final class EventTimes {

  private static final String NEXT = "iotpipeline.test.next-event-time";
  private static final long ALIGNMENT = Duration.ofMinutes(10).toMillis();
  private static final long SPACING = Duration.ofMinutes(20).toMillis();
  private static final long START_BEFORE_NOW = Duration.ofHours(12).toMillis();

  private EventTimes() {}

  /** The base of a fresh range of {@code span}: aligned, after every range handed out before. */
  static long reserve(Duration span) {
    // System.getProperties() is one object per JVM, whichever class loader loaded this class.
    synchronized (System.getProperties()) {
      long earliest = align(System.currentTimeMillis() - START_BEFORE_NOW);
      long base = Math.max(earliest, Long.getLong(NEXT, earliest));
      System.setProperty(NEXT, Long.toString(align(base + span.toMillis()) + SPACING));
      return base;
    }
  }

  private static long align(long time) {
    return time - Math.floorMod(time, ALIGNMENT);
  }
}
