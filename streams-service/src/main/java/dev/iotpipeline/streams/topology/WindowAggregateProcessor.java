package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.AggregateState;
import dev.iotpipeline.streams.windows.HoppingWindows;
import io.micrometer.core.instrument.Counter;

/**
 * Tumbling-window aggregates per sensor and metric, emitted once, final, when window + grace has
 * closed by stream time. Open windows are keyed {@code windowStart(hex)|sensorId|metric} and closed
 * by {@link OpenWindows} (one ordered range scan per window boundary). It sees only on-time
 * readings (after the lateness gate), so it drops nothing itself.
 *
 * <p>With {@link HoppingWindows}, it also builds the hopping aggregates from the windows it closes
 * (decision 0316): each closed window is added to the hopping windows that hold it, in a second
 * store of the same layout, and a hopping window is emitted when its last pane has closed. This
 * costs nothing per reading. The two results go to the two sink children, by name.
 */
final class WindowAggregateProcessor
    implements Processor<String, CanonicalReading, String, WindowAggregate> {

  static final String STREAM_TIME_KEY = "aggregate";

  /** The child that writes the tumbling aggregates. */
  static final String AGGREGATES_SINK = "aggregates-sink";

  /** The child that writes the hopping aggregates (present when hopping windows are on). */
  static final String HOPPING_SINK = "aggregates-hopping-sink";

  private final TumblingWindows windows;
  private final HoppingWindows hopping;
  private final Counter emitted;
  private ProcessorContext<String, WindowAggregate> context;
  private KeyValueStore<String, AggregateState> open;
  private KeyValueStore<String, AggregateState> openHopping;
  private KeyValueStore<String, WindowAggregate> latest;
  private OpenWindows<AggregateState> openWindows;

  /** Tumbling aggregates, and hopping ones built from them unless {@code hopping} is null. */
  WindowAggregateProcessor(TumblingWindows windows, HoppingWindows hopping, Counter emitted) {
    this.windows = windows;
    this.hopping = hopping;
    this.emitted = emitted;
  }

  @Override
  public void init(ProcessorContext<String, WindowAggregate> context) {
    this.context = context;
    this.open = context.getStateStore(TelemetryTopology.AGGREGATE_STORE);
    this.latest = context.getStateStore(TelemetryTopology.LATEST_AGGREGATE_STORE);
    this.openHopping =
        hopping == null ? null : context.getStateStore(TelemetryTopology.HOPPING_STORE);
    this.openWindows =
        new OpenWindows<>(
            windows,
            open,
            context.getStateStore(TelemetryTopology.STREAM_TIME_STORE),
            STREAM_TIME_KEY);
  }

  @Override
  public void process(Record<String, CanonicalReading> record) {
    CanonicalReading reading = record.value();
    long start = windows.startOf(record.timestamp());
    String key = windowKey(start, reading.sensorId(), reading.metric());
    AggregateState current = open.get(key);
    open.put(
        key,
        current == null
            ? AggregateState.first(reading, start, start + windows.sizeMs())
            : current.add(reading.value()));
    long closedBefore = openWindows.closedUpTo();
    for (KeyValue<String, AggregateState> closed : openWindows.advance(record.timestamp())) {
      WindowAggregate aggregate = closed.value.toWindowAggregate();
      latest.put(aggregate.sensorId() + "|" + aggregate.metric(), aggregate);
      forward(aggregate, AGGREGATES_SINK);
      emitted.increment();
      if (hopping != null) {
        addToHoppingWindows(closed.value);
      }
    }
    if (hopping != null && openWindows.closedUpTo() != closedBefore) {
      // Every pane up to closedUpTo is in its hopping windows now: those ending with it are
      // complete, whether or not this task had a pane at that boundary.
      long lastComplete = hopping.lastCompleteStart(openWindows.closedUpTo());
      for (KeyValue<String, AggregateState> done :
          OpenWindows.takeUpTo(openHopping, lastComplete)) {
        forward(done.value.toWindowAggregate(), HOPPING_SINK);
      }
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
}
