package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.SensorState;

/**
 * Everything the topology keeps per device, for each reading after the lateness gate: the 5-minute
 * aggregates ({@link WindowAggregates}) and detection ({@link Detection}) for on-time readings, the
 * activity sessions ({@link DeviceSessionTracker}, when switched on) for all of them. Their state
 * is one entry per device ({@link SensorState}), read once and written once per reading: three
 * stores written per reading cost three store writes and three changelog records, the largest share
 * of the stream threads' time (decision 0320). Each part forwards its results to its own sink, by
 * name.
 */
final class SensorProcessor implements Processor<String, GatedReading, String, Object> {

  /** The child that writes the tumbling aggregates. */
  static final String AGGREGATES_SINK = "aggregates-sink";

  /** The child that writes the hopping aggregates (present when hopping windows are on). */
  static final String HOPPING_SINK = "aggregates-hopping-sink";

  /** The child that writes the alerts. */
  static final String ALERTS_SINK = "alerts-sink";

  /** The child that writes the closed sessions (present when sessions are on). */
  static final String SESSIONS_SINK = "device-sessions-sink";

  private final WindowAggregates aggregates;
  private final Detection detection;
  private final DeviceSessionTracker sessions;
  private KeyValueStore<String, SensorState> devices;

  /** With sessions unless {@code sessions} is null. */
  SensorProcessor(WindowAggregates aggregates, Detection detection, DeviceSessionTracker sessions) {
    this.aggregates = aggregates;
    this.detection = detection;
    this.sessions = sessions;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    devices = context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    aggregates.init(context);
    detection.init(context);
    if (sessions != null) {
      sessions.init(context);
    }
  }

  @Override
  public void process(Record<String, GatedReading> record) {
    GatedReading gated = record.value();
    CanonicalReading reading = gated.reading();
    String sensorId = reading.sensorId();
    long eventTime = record.timestamp();
    SensorState sensor = devices.get(sensorId);
    SensorState next = sensor;
    if (!gated.late()) {
      next = detection.observe(next, reading, gated.registry().device(), eventTime);
      next = aggregates.add(next, reading, gated.windowStart());
    }
    // A device's sessions live in the task of its key's partition; a reading without a key could
    // land in any task and split a session (Kafka Streams' grouping dropped it too).
    if (sessions != null && record.key() != null) {
      SensorState before = next == null ? SensorState.of(null) : next;
      SensorState after = sessions.add(before, sensorId, reading, eventTime, gated.streamTime());
      next = after == before ? next : after;
    }
    if (next != sensor) {
      devices.put(sensorId, next);
    }
    // Both close by the gate's stream time, after the entry is written: what they close may be
    // this device's.
    if (!gated.late()) {
      aggregates.close(gated.streamTime());
    }
    if (sessions != null) {
      sessions.close(gated.streamTime());
    }
  }
}
