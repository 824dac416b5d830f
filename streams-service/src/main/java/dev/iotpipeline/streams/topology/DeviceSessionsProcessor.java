package dev.iotpipeline.streams.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.DeviceSession;
import dev.iotpipeline.streams.model.DeviceSessions;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.OpenSession;
import dev.iotpipeline.streams.windows.ActivitySessions;
import io.micrometer.core.instrument.Counter;

/**
 * Activity sessions per device, each emitted once, final, when stream time passes its last reading
 * + gap + grace (decision 0314). A reading costs one get and one put of its device's entry in
 * {@link TelemetryTopology#SESSION_STORE}; Kafka Streams' session windows, which this replaces,
 * range-sought a session store per reading, wrote a tombstone per merge and buffered every update
 * again for suppress.
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
final class DeviceSessionsProcessor
    implements Processor<String, GatedReading, String, DeviceSession> {

  /** Emission order when several sessions close at once: as Kafka Streams' suppress buffer. */
  private static final Comparator<DeviceSession> BY_END =
      Comparator.comparingLong(DeviceSession::sessionEnd)
          .thenComparing(DeviceSession::sensorId)
          .thenComparingLong(DeviceSession::sessionStart);

  private final ActivitySessions sessions;
  private final Counter emitted;
  private final Counter late;
  private ProcessorContext<String, DeviceSession> context;
  private KeyValueStore<String, DeviceSessions> open;
  private KeyValueStore<String, String> closing;

  /** No index entry is earlier than this (the earliest one, or earlier after a restart). */
  private long nextClose = Long.MAX_VALUE;

  DeviceSessionsProcessor(ActivitySessions sessions, Counter emitted, Counter late) {
    this.sessions = sessions;
    this.emitted = emitted;
    this.late = late;
  }

  @Override
  public void init(ProcessorContext<String, DeviceSession> context) {
    this.context = context;
    this.open = context.getStateStore(TelemetryTopology.SESSION_STORE);
    this.closing = context.getStateStore(TelemetryTopology.SESSION_CLOSE_STORE);
    // Runs after restoration and again when a task is revived: the index is the truth.
    nextClose = Long.MAX_VALUE;
    try (KeyValueIterator<String, String> it = closing.all()) {
      if (it.hasNext()) {
        nextClose = closeTimeOf(it.next().key);
      }
    }
  }

  @Override
  public void process(Record<String, GatedReading> record) {
    String sensorId = record.key();
    if (sensorId == null) {
      // A device's sessions live in the task of its key's partition; a reading without a key
      // could land in any task and split a session (Kafka Streams' grouping dropped it too).
      return;
    }
    long streamTime = record.value().streamTime();
    DeviceSessions current = open.get(sensorId);
    List<OpenSession> updated =
        sessions.add(
            current == null ? List.of() : current.open(),
            record.value().reading(),
            record.timestamp(),
            streamTime);
    if (updated == null) {
      late.increment();
    } else {
      open.put(sensorId, new DeviceSessions(file(sensorId, current, updated), updated));
    }
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
      closing.delete(closingKey(current.filedAt(), sensorId));
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
      closing.delete(entry.key);
      String sensorId = entry.value;
      DeviceSessions device = open.get(sensorId);
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
        open.delete(sensorId);
      } else {
        long firstClose = sessions.closesAt(still.get(0));
        closing.put(closingKey(firstClose, sensorId), sensorId);
        open.put(sensorId, new DeviceSessions(firstClose, still));
        next = Math.min(next, firstClose);
      }
    }
    nextClose = next;
    closed.sort(BY_END);
    for (DeviceSession session : closed) {
      context.forward(new Record<>(session.sensorId(), session, session.sessionEnd()));
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
