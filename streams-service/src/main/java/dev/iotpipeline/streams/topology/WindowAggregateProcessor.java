package dev.iotpipeline.streams.topology;

import java.util.ArrayList;
import java.util.List;

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
import io.micrometer.core.instrument.Counter;

/**
 * Tumbling-window aggregates per sensor and metric, emitted once, final, when window + grace has
 * closed by stream time. Open windows live in a key-value store keyed by {@code
 * windowStart(hex)|sensorId|metric}, so the windows to close are one ordered range scan, done once
 * per window boundary rather than per reading. It sees only on-time readings (after the lateness
 * gate), so it drops nothing itself.
 */
final class WindowAggregateProcessor
    implements Processor<String, CanonicalReading, String, WindowAggregate> {

  static final String STREAM_TIME_KEY = "aggregate";

  private final TumblingWindows windows;
  private final Counter emitted;
  private ProcessorContext<String, WindowAggregate> context;
  private KeyValueStore<String, AggregateState> open;
  private KeyValueStore<String, WindowAggregate> latest;
  private KeyValueStore<String, Long> streamTimeStore;
  private long streamTime = Long.MIN_VALUE;
  private long closedUpTo = Long.MIN_VALUE;

  WindowAggregateProcessor(TumblingWindows windows, Counter emitted) {
    this.windows = windows;
    this.emitted = emitted;
  }

  @Override
  public void init(ProcessorContext<String, WindowAggregate> context) {
    this.context = context;
    this.open = context.getStateStore(TelemetryTopology.AGGREGATE_STORE);
    this.latest = context.getStateStore(TelemetryTopology.LATEST_AGGREGATE_STORE);
    this.streamTimeStore = context.getStateStore(TelemetryTopology.STREAM_TIME_STORE);
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
    List<KeyValue<String, AggregateState>> closed = new ArrayList<>();
    try (KeyValueIterator<String, AggregateState> it =
        open.range(windowPrefix(0), windowPrefix(lastClosableStart) + "\uffff")) {
      it.forEachRemaining(closed::add);
    }
    for (KeyValue<String, AggregateState> entry : closed) {
      WindowAggregate aggregate = entry.value.toWindowAggregate();
      open.delete(entry.key);
      latest.put(aggregate.sensorId() + "|" + aggregate.metric(), aggregate);
      context.forward(new Record<>(aggregate.sensorId(), aggregate, aggregate.windowEnd() - 1));
      emitted.increment();
    }
    closedUpTo = lastClosableStart;
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
