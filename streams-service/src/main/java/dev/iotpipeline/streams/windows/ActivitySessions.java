package dev.iotpipeline.streams.windows;

import java.util.ArrayList;
import java.util.List;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.streams.model.OpenSession;

/**
 * Activity sessions with an inactivity gap and a grace period: the one definition of joining,
 * merging, closing and "too late" that the sessions processor and its tests share. It is Kafka
 * Streams' session-window rule ({@code SessionWindows.ofInactivityGapAndGrace}, which this
 * replaces; decision 0314), made explicit:
 *
 * <ul>
 *   <li>a reading joins every open session it is no further than the gap from ({@code end >= t -
 *       gap} and {@code start <= t + gap}); joining two merges them;
 *   <li>a session closes when stream time reaches its last reading + gap + grace;
 *   <li>a reading that joins no open session and is itself past gap + grace ({@code t + gap + grace
 *       < streamTime}) is too late: it is not counted.
 * </ul>
 *
 * A device has more than one open session only while the older one waits out its grace: two open
 * sessions are more than the gap apart and both end after {@code streamTime - gap - grace}, so with
 * a grace shorter than the gap there are at most two.
 */
public record ActivitySessions(long gapMs, long graceMs) {

  public ActivitySessions {
    if (gapMs <= 0) {
      throw new IllegalArgumentException(
          "pipeline.outputs.sessions.gap must be positive, not " + gapMs + " ms");
    }
    if (graceMs < 0) {
      throw new IllegalArgumentException(
          "pipeline.outputs.sessions.grace must not be negative, not " + graceMs + " ms");
    }
  }

  /** Stream time at which the session closes (no reading can join it any more). */
  public long closesAt(OpenSession session) {
    return session.end() + gapMs + graceMs;
  }

  /** Whether the reading at this event time joins the session. */
  public boolean joins(OpenSession session, long eventTime) {
    return session.end() >= eventTime - gapMs && session.start() <= eventTime + gapMs;
  }

  /**
   * The device's open sessions with the reading added, oldest first; {@code null} when the reading
   * is too late for any session. The merged session takes the reading's device type, else that of
   * the oldest session it merged that has one (as Kafka Streams' merger did).
   *
   * @param open the device's open sessions, oldest first, none closed at {@code streamTime}
   * @param streamTime the task's stream time, this reading included
   */
  public List<OpenSession> add(
      List<OpenSession> open, CanonicalReading reading, long eventTime, long streamTime) {
    long start = eventTime;
    long end = eventTime;
    long count = 1;
    String deviceType = null;
    boolean joined = false;
    List<OpenSession> result = new ArrayList<>(open.size() + 1);
    for (OpenSession session : open) {
      if (joins(session, eventTime)) {
        joined = true;
        start = Math.min(start, session.start());
        end = Math.max(end, session.end());
        count += session.count();
        if (deviceType == null) {
          deviceType = session.deviceType();
        }
      } else {
        result.add(session);
      }
    }
    if (!joined && eventTime + gapMs + graceMs < streamTime) {
      return null;
    }
    if (reading.deviceType() != null) {
      deviceType = reading.deviceType();
    }
    OpenSession merged = new OpenSession(start, end, count, deviceType);
    int at = 0;
    while (at < result.size() && result.get(at).start() < start) {
      at++;
    }
    result.add(at, merged);
    return result;
  }
}
