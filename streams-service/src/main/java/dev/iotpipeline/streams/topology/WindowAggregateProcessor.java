package dev.iotpipeline.streams.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.AggregateState;
import dev.iotpipeline.streams.windows.HoppingWindows;
import io.micrometer.core.instrument.Counter;

/**
 * Tumbling-window aggregates per sensor and metric, emitted once, final, when window + grace has
 * closed by stream time. Open windows live in a key-value store keyed by {@code
 * windowStart(hex)|sensorId|metric}, so the windows to close are one ordered range scan, done once
 * per window boundary rather than per reading. It sees only on-time readings (after the lateness
 * gate), so it drops nothing itself.
 *
 * <p>With {@link HoppingWindows}, it also builds the hopping aggregates from the windows it closes
 * (decision 0316): each closed window is added to the hopping windows that hold it, in a second
 * store of the same layout, and a hopping window is emitted when its last pane has closed. This
 * costs nothing per reading. The two results go to the two named sink children.
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
  private KeyValueStore<String, Long> streamTimeStore;
  private long streamTime = Long.MIN_VALUE;
  private long closedUpTo = Long.MIN_VALUE;

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
    this.streamTimeStore = context.getStateStore(TelemetryTopology.STREAM_TIME_STORE);
    this.openHopping =
        hopping == null ? null : context.getStateStore(TelemetryTopology.HOPPING_STORE);
    Long stored = streamTimeStore.get(STREAM_TIME_KEY);
    streamTime = stored == null ? Long.MIN_VALUE : stored;
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
    if (record.timestamp() > streamTime) {
      streamTime = record.timestamp();
      streamTimeStore.put(STREAM_TIME_KEY, streamTime);
      closeWindows();
    }
  }

  /** Emits and forgets every window with {@code start + size + grace <= streamTime}. */
  private void closeWindows() {
    long lastClosable = streamTime - windows.sizeMs() - windows.graceMs();
    if (lastClosable < 0) {
      return;
    }
    long lastClosableStart = windows.startOf(lastClosable);
    if (lastClosableStart <= closedUpTo) {
      return;
    }
    closeUpTo(open, lastClosableStart, this::emitTumbling);
    if (hopping != null) {
      // Every pane up to lastClosableStart is in its hopping windows now: those ending with it are
      // complete.
      closeUpTo(openHopping, hopping.lastCompleteStart(lastClosableStart), this::emitHopping);
    }
    closedUpTo = lastClosableStart;
  }

  private void emitTumbling(AggregateState closed) {
    WindowAggregate aggregate = closed.toWindowAggregate();
    latest.put(aggregate.sensorId() + "|" + aggregate.metric(), aggregate);
    context.forward(
        new Record<>(aggregate.sensorId(), aggregate, aggregate.windowEnd() - 1), AGGREGATES_SINK);
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

  private void emitHopping(AggregateState closed) {
    WindowAggregate aggregate = closed.toWindowAggregate();
    context.forward(
        new Record<>(aggregate.sensorId(), aggregate, aggregate.windowEnd() - 1), HOPPING_SINK);
  }

  /**
   * Removes the windows with {@code start <= lastStart} from the store, in order of start, and
   * hands each to {@code emit}.
   */
  private static void closeUpTo(
      KeyValueStore<String, AggregateState> store, long lastStart, Consumer<AggregateState> emit) {
    if (lastStart < 0) {
      return;
    }
    List<KeyValue<String, AggregateState>> closed = new ArrayList<>();
    try (KeyValueIterator<String, AggregateState> it =
        store.range(windowPrefix(0), windowPrefix(lastStart) + "\uffff")) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, AggregateState> entry : closed) {
      store.delete(entry.key);
      emit.accept(entry.value);
    }
  }

  /** {@code %016x|} of the window start, without a Formatter (it runs for every reading). */
  static String windowPrefix(long windowStart) {
    String hex = Long.toHexString(windowStart);
    return "0".repeat(16 - hex.length()) + hex + "|";
  }

  static String windowKey(long windowStart, String sensorId, String metric) {
    return windowPrefix(windowStart) + sensorId + "|" + metric;
  }
}
