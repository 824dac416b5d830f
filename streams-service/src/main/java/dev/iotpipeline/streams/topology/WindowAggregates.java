package dev.iotpipeline.streams.topology;

import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.AggregateState;
import dev.iotpipeline.streams.model.SensorState;
import dev.iotpipeline.streams.windows.HoppingWindows;
import io.micrometer.core.instrument.Counter;

/**
 * Tumbling-window aggregates per sensor and metric, emitted once, final, when window + grace has
 * closed by stream time: the part of the {@link SensorProcessor} that keeps them. It sees only
 * on-time readings (after the lateness gate), so it drops nothing itself.
 *
 * <p>A device's open aggregates live in its entry ({@link SensorState#windows()}, decision 0320),
 * which the processor reads and writes once per reading anyway, so adding a reading costs no store
 * access of its own. To close windows without visiting every device, each device is filed once per
 * window in {@link TelemetryTopology#AGGREGATE_CLOSE_STORE}, keyed {@code
 * windowStart(hex)|sensorId}: at a window boundary one ordered range scan finds the devices with
 * closed windows, whose entries are read, emitted from and written back without them. So an
 * aggregate costs the device two index writes and one extra read and write of its entry per window,
 * not a store write per reading.
 *
 * <p>With {@link HoppingWindows}, it also builds the hopping aggregates from the windows it closes
 * (decision 0316): each closed window is added to the hopping windows that hold it, in a store
 * keyed like the index, and a hopping window is emitted when its last pane has closed.
 */
final class WindowAggregates {

  private final TumblingWindows windows;
  private final HoppingWindows hopping;
  private final Counter emitted;
  private ProcessorContext<String, Object> context;
  private DeviceEntries devices;
  private KeyValueStore<String, String> closing;
  private OpenWindows<String> closingWindows;
  private KeyValueStore<String, AggregateState> openHopping;
  private KeyValueStore<String, WindowAggregate> latest;

  /** Tumbling aggregates, and hopping ones built from them unless {@code hopping} is null. */
  WindowAggregates(TumblingWindows windows, HoppingWindows hopping, Counter emitted) {
    this.windows = windows;
    this.hopping = hopping;
    this.emitted = emitted;
  }

  /** Called from the processor's init: after restoration, and again when a task is revived. */
  void init(ProcessorContext<String, Object> context, DeviceEntries devices) {
    this.context = context;
    this.devices = devices;
    this.closing = context.getStateStore(TelemetryTopology.AGGREGATE_CLOSE_STORE);
    this.latest = context.getStateStore(TelemetryTopology.LATEST_AGGREGATE_STORE);
    this.openHopping =
        hopping == null ? null : context.getStateStore(TelemetryTopology.HOPPING_STORE);
    this.closingWindows = new OpenWindows<>(windows, closing);
  }

  /**
   * The device's entry with an on-time reading added to its window's aggregate; files the device in
   * the close index when the reading opens a window for it.
   */
  SensorState add(SensorState sensor, CanonicalReading reading, long windowStart) {
    AggregateState current = sensor.window(windowStart, reading.metric());
    if (current == null && !sensor.hasWindow(windowStart)) {
      closing.put(closingKey(windowStart, reading.sensorId()), reading.sensorId());
    }
    return sensor.withWindow(
        current == null
            ? AggregateState.first(reading, windowStart, windowStart + windows.sizeMs())
            : current.add(reading.value()));
  }

  /**
   * Emits every window closed by stream time ({@code start + size + grace <= streamTime}), in
   * window, sensor and metric order, and forgets it. Scans the index only when stream time has
   * crossed a window boundary since the last scan.
   */
  void close(long streamTime) {
    long closedBefore = closingWindows.closedUpTo();
    List<KeyValue<String, String>> filedDevices = closingWindows.closeBy(streamTime);
    if (closingWindows.closedUpTo() == closedBefore) {
      return; // no window boundary crossed since the last call
    }
    for (KeyValue<String, String> filed : filedDevices) {
      long start = OpenWindows.windowStartOf(filed.key);
      SensorState sensor = devices.get(filed.value);
      if (sensor == null) {
        continue; // not kept any more (a crash under at_least_once)
      }
      for (AggregateState closed : sensor.windows()) {
        if (closed.windowStart() == start) {
          emit(closed);
        }
      }
      devices.put(filed.value, sensor.withoutWindowsUpTo(start));
    }
    if (hopping != null) {
      // Every pane up to the last closed window is in its hopping windows now: those ending with it
      // are complete, whether or not this task had a pane at that boundary.
      long lastComplete = hopping.lastCompleteStart(closingWindows.closedUpTo());
      for (KeyValue<String, AggregateState> done :
          OpenWindows.takeUpTo(openHopping, lastComplete)) {
        forward(done.value.toWindowAggregate(), SensorProcessor.HOPPING_SINK);
      }
    }
  }

  private void emit(AggregateState closed) {
    WindowAggregate aggregate = closed.toWindowAggregate();
    latest.put(aggregate.sensorId() + "|" + aggregate.metric(), aggregate);
    forward(aggregate, SensorProcessor.AGGREGATES_SINK);
    emitted.increment();
    if (hopping != null) {
      addToHoppingWindows(closed);
    }
  }

  /** Adds a closed pane to each hopping window that holds it. */
  private void addToHoppingWindows(AggregateState pane) {
    long last = hopping.lastStartHolding(pane.windowStart());
    for (long start = hopping.firstStartHolding(pane.windowStart());
        start <= last;
        start += hopping.advanceMs()) {
      String key = windowKey(start, pane.sensorId(), pane.metric());
      AggregateState window = openHopping.get(key);
      long end = start + hopping.sizeMs();
      openHopping.put(
          key, window == null ? pane.rewindowed(start, end) : window.mergedInto(start, end, pane));
    }
  }

  private void forward(WindowAggregate aggregate, String sink) {
    context.forward(new Record<>(aggregate.sensorId(), aggregate, aggregate.windowEnd() - 1), sink);
  }

  static String windowKey(long windowStart, String sensorId, String metric) {
    return OpenWindows.windowPrefix(windowStart) + sensorId + "|" + metric;
  }

  static String closingKey(long windowStart, String sensorId) {
    return OpenWindows.windowPrefix(windowStart) + sensorId;
  }
}
