package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.SensorState;

/**
 * Everything the topology keeps per device: for each reading after the lateness gate, the 5-minute
 * aggregates ({@link WindowAggregates}) and detection ({@link Detection}) for on-time readings, the
 * activity sessions ({@link DeviceSessionTracker}, when switched on) for all of them; for each
 * presence change, the device's connection. Their state is one entry per device ({@link
 * SensorState}), read once and written once per reading: three stores written per reading cost
 * three store writes and three changelog records, the largest share of the stream threads' time
 * (decision 0320). This processor is the entry's only writer, so it keeps the entries it wrote
 * ({@link DeviceEntries}, decisions 0326, 0327). Each part forwards its results to its own sink, by
 * name.
 */
final class SensorProcessor implements Processor<String, Object, String, Object> {

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
  private final DeviceEntries.Budget budget;
  private ProcessorContext<String, Object> context;
  private DeviceEntries devices;

  /** With sessions unless {@code sessions} is null; keeping entries as {@code budget} allows. */
  SensorProcessor(
      WindowAggregates aggregates,
      Detection detection,
      DeviceSessionTracker sessions,
      DeviceEntries.Budget budget) {
    this.aggregates = aggregates;
    this.detection = detection;
    this.sessions = sessions;
    this.budget = budget;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    if (devices != null) {
      devices.release(); // revived: the store was restored, what was kept may be ahead of it
    }
    devices =
        new DeviceEntries(context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE), budget);
    aggregates.init(context, devices);
    detection.init(context);
    if (sessions != null) {
      sessions.init(context, devices);
    }
  }

  @Override
  public void process(Record<String, Object> record) {
    if (record.value() instanceof GatedReading gated) {
      reading(record.key(), gated, record.timestamp());
    } else {
      presence(record.key(), (DevicePresence) record.value());
    }
  }

  @Override
  public void close() {
    if (devices != null) {
      devices.release();
      devices = null;
    }
  }

  private void reading(String key, GatedReading gated, long eventTime) {
    CanonicalReading reading = gated.reading();
    String sensorId = reading.sensorId();
    SensorState sensor = devices.get(sensorId);
    SensorState next = sensor;
    if (!gated.late()) {
      next = detection.observe(next, reading, gated.registry().device(), eventTime);
      next = aggregates.add(next, reading, gated.windowStart());
    }
    // A device's sessions live in the task of its key's partition; a reading without a key could
    // land in any task and split a session (Kafka Streams' grouping dropped it too).
    if (sessions != null && key != null) {
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

  /**
   * A connection change from {@code iot-device-presence}. Changes can arrive twice and out of
   * order: the latest event time wins, so a replayed or delayed change is harmless.
   */
  private void presence(String key, DevicePresence presence) {
    if (presence == null) {
      throw new IllegalArgumentException("presence change without a value (key " + key + ")");
    }
    String sensorId = key != null ? key : presence.sensorId();
    if (sensorId == null) {
      throw new IllegalArgumentException("presence change without a sensorId");
    }
    long wallNow = context.currentSystemTimeMs();
    SensorState sensor = devices.get(sensorId);
    DeviceState state =
        sensor == null || sensor.device() == null
            ? new DeviceState(null, null, 0, wallNow, 0)
            : sensor.device();
    DeviceState next = state.withPresence(presence.connected(), presence.eventTime(), wallNow);
    devices.put(sensorId, sensor == null ? SensorState.of(next) : sensor.withDevice(next));
  }
}
