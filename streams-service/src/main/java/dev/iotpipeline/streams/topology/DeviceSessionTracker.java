package dev.iotpipeline.streams.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.streams.model.DeviceSessions;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.OpenSession;
import dev.iotpipeline.streams.model.SensorState;
import dev.iotpipeline.streams.windows.ActivitySessions;
import io.micrometer.core.instrument.Counter;

/**
 * Activity sessions per device, each emitted once, final, when stream time passes its last reading
 * + gap + grace (decision 0314): the part of the {@link SensorProcessor} that keeps them. A
 * device's open sessions live in its entry ({@link SensorState#sessions()}, decision 0320), which
 * the processor reads and writes once per reading anyway; Kafka Streams' session windows, which
 * this replaces, range-sought a session store per reading, wrote a tombstone per merge and buffered
 * every update again for suppress.
 *
 * <p>Closing uses a second store, {@link TelemetryTopology#SESSION_CLOSE_STORE}, keyed {@code
 * closeTime(hex)|sensorId}: each device with open sessions is filed there once, under a time no
 * later than its earliest session's close. A session that grows is not re-filed per reading; when
 * stream time reaches the filed time, the device's sessions are looked at once: the closed ones are
 * emitted, the rest filed again under their real close time. So an active device costs one index
 * entry per gap, not per reading, and the scan starts at the earliest filed time, which is kept in
 * memory, so no reading scans unless something is due.
 *
 * <p>Stream time is the lateness gate's (carried by {@link GatedReading}): the highest event time
 * of the task's valid readings, changelogged there, the same stream time Kafka Streams' session
 * windows kept for the same readings.
 */
final class DeviceSessionTracker {

  /** Emission order when several sessions close at once: as Kafka Streams' suppress buffer. */
  private static final Comparator<DeviceSession> BY_END =
      Comparator.comparingLong(DeviceSession::sessionEnd)
          .thenComparing(DeviceSession::sensorId)
          .thenComparingLong(DeviceSession::sessionStart);

  private final ActivitySessions sessions;
  private final Counter emitted;
  private final Counter late;
  private ProcessorContext<String, Object> context;
  private DeviceEntries devices;
  private KeyValueStore<String, String> closing;

  /** No index entry is earlier than this (the earliest one, or earlier after a restart). */
  private long nextClose = Long.MAX_VALUE;

  DeviceSessionTracker(ActivitySessions sessions, Counter emitted, Counter late) {
    this.sessions = sessions;
    this.emitted = emitted;
    this.late = late;
  }

  /** Called from the processor's init: after restoration, and again when a task is revived. */
  void init(ProcessorContext<String, Object> context, DeviceEntries devices) {
    this.context = context;
    this.devices = devices;
    this.closing = context.getStateStore(TelemetryTopology.SESSION_CLOSE_STORE);
    // Runs after restoration and again when a task is revived: the index is the truth.
    nextClose = Long.MAX_VALUE;
    try (KeyValueIterator<String, String> it = closing.all()) {
      if (it.hasNext()) {
        nextClose = closeTimeOf(it.next().key);
      }
    }
  }

  /**
   * The device's entry with the reading (on time or late for the 5-minute windows) added to its
   * sessions; unchanged when the reading is too late for any session (counted).
   *
   * @param sensor the device's entry (possibly new)
   * @param streamTime the lateness gate's stream time, this reading included
   */
  SensorState add(
      SensorState sensor,
      String sensorId,
      CanonicalReading reading,
      long eventTime,
      long streamTime) {
    DeviceSessions current = sensor.sessions();
    List<OpenSession> updated =
        sessions.add(current == null ? List.of() : current.open(), reading, eventTime, streamTime);
    if (updated == null) {
      late.increment();
      return sensor;
    }
    return sensor.withSessions(new DeviceSessions(file(sensorId, current, updated), updated));
  }

  /** Emits the sessions due by stream time, if any are (no store access otherwise). */
  void close(long streamTime) {
    if (streamTime >= nextClose) {
      closeSessions(streamTime);
    }
  }

  /**
   * The time the device is filed under in the close index: unchanged while its earliest session
   * closes no earlier (the common case: no index write), else filed anew.
   */
  private long file(String sensorId, DeviceSessions current, List<OpenSession> updated) {
    long firstClose = sessions.closesAt(updated.get(0));
    if (current != null && current.filedAt() <= firstClose) {
      return current.filedAt();
    }
    if (current != null) {
      StoreDeletes.delete(closing, closingKey(current.filedAt(), sensorId));
    }
    closing.put(closingKey(firstClose, sensorId), sensorId);
    nextClose = Math.min(nextClose, firstClose);
    return firstClose;
  }

  /** Emits and forgets every session with last reading + gap + grace {@code <= streamTime}. */
  private void closeSessions(long streamTime) {
    List<KeyValue<String, String>> due = new ArrayList<>();
    long next = Long.MAX_VALUE;
    try (KeyValueIterator<String, String> it = closing.range(closingKey(nextClose, ""), null)) {
      while (it.hasNext()) {
        KeyValue<String, String> entry = it.next();
        long filedAt = closeTimeOf(entry.key);
        if (filedAt > streamTime) {
          next = filedAt;
          break;
        }
        due.add(entry);
      }
    }
    List<DeviceSession> closed = new ArrayList<>();
    for (KeyValue<String, String> entry : due) {
      StoreDeletes.delete(closing, entry.key);
      String sensorId = entry.value;
      SensorState sensor = devices.get(sensorId);
      DeviceSessions device = sensor == null ? null : sensor.sessions();
      if (device == null || device.filedAt() != closeTimeOf(entry.key)) {
        // Not the device's current filing: only a crash under at_least_once (state ahead of the
        // committed offsets) leaves one; the device's own entry is elsewhere in the index.
        continue;
      }
      List<OpenSession> still = new ArrayList<>(device.open().size());
      for (OpenSession session : device.open()) {
        if (sessions.closesAt(session) <= streamTime) {
          closed.add(session.toDeviceSession(sensorId));
        } else {
          still.add(session);
        }
      }
      if (still.isEmpty()) {
        devices.put(sensorId, sensor.withSessions(null));
      } else {
        long firstClose = sessions.closesAt(still.get(0));
        closing.put(closingKey(firstClose, sensorId), sensorId);
        devices.put(sensorId, sensor.withSessions(new DeviceSessions(firstClose, still)));
        next = Math.min(next, firstClose);
      }
    }
    nextClose = next;
    closed.sort(BY_END);
    for (DeviceSession session : closed) {
      context.forward(
          new Record<>(session.sensorId(), session, session.sessionEnd()),
          SensorProcessor.SESSIONS_SINK);
      emitted.increment();
    }
  }

  /** {@code %016x|sensorId}: ordered by close time, without a Formatter. */
  static String closingKey(long closeTime, String sensorId) {
    String hex = Long.toHexString(closeTime);
    return "0".repeat(16 - hex.length()) + hex + "|" + sensorId;
  }

  private static long closeTimeOf(String closingKey) {
    return Long.parseUnsignedLong(closingKey.substring(0, 16), 16);
  }
}
