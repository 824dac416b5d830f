package dev.iotpipeline.streams.detection;

import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.streams.model.EpisodeState;

/**
 * The life of one alert episode of a (sensor, rule, metric): exactly one TRIGGERED when the
 * condition starts, one RESOLVED once it has stayed clear for the hold time. A condition that comes
 * back within the hold time continues the same episode, so flapping raises one alert. A rise from
 * WARNING to CRITICAL within an episode re-announces it (same alertId) with the higher severity, so
 * that the escalation reaches the pager; it never goes back down.
 */
public final class AlertLifecycle {

  /**
   * The outcome of one observation.
   *
   * @param state the episode after it, or null when none is open
   * @param emit the status to announce, or null for nothing
   * @param severity the severity to announce
   */
  public record Step(EpisodeState state, AlertStatus emit, Severity severity) {}

  private AlertLifecycle() {}

  /**
   * Applies one observation of the condition.
   *
   * @param state the open episode, or null
   * @param active whether the condition holds now
   * @param severity its severity when active
   * @param time the observation's time
   * @param holdMs how long the condition must stay clear before RESOLVED
   * @param idPrefix {@code sensorId:TYPE:metric}; the episode's id appends its start time
   */
  public static Step observe(
      EpisodeState state,
      boolean active,
      Severity severity,
      long time,
      long holdMs,
      String idPrefix) {
    if (state == null) {
      if (!active) {
        return new Step(null, null, null);
      }
      EpisodeState opened = new EpisodeState(idPrefix + ":" + time, time, severity, null);
      return new Step(opened, AlertStatus.TRIGGERED, severity);
    }
    if (active) {
      boolean escalates = severity.ordinal() < state.severity().ordinal();
      Severity highest = escalates ? severity : state.severity();
      EpisodeState held = new EpisodeState(state.alertId(), state.startedAt(), highest, null);
      return new Step(held, escalates ? AlertStatus.TRIGGERED : null, highest);
    }
    long clearingSince = state.clearingSince() == null ? time : state.clearingSince();
    if (time - clearingSince >= holdMs) {
      return new Step(null, AlertStatus.RESOLVED, state.severity());
    }
    EpisodeState clearing =
        new EpisodeState(state.alertId(), state.startedAt(), state.severity(), clearingSince);
    return new Step(clearing, null, state.severity());
  }

  /** The id prefix of a (sensor, rule, metric), restricted to the characters alertId allows. */
  public static String idPrefix(String sensorId, String type, String metric) {
    String raw = sensorId + ":" + type + ":" + (metric == null ? "device" : metric);
    // Called several times per reading: check without a regex, replace only when needed.
    for (int i = 0; i < raw.length(); i++) {
      if (!allowedInId(raw.charAt(i))) {
        return replaceDisallowed(raw);
      }
    }
    return raw;
  }

  private static boolean allowedInId(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == ':'
        || c == '@'
        || c == '/'
        || c == '-';
  }

  /** Each disallowed code point (not UTF-16 unit) becomes one '_'. */
  private static String replaceDisallowed(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    raw.codePoints().forEach(c -> out.appendCodePoint(allowedInId(c) ? c : '_'));
    return out.toString();
  }
}
