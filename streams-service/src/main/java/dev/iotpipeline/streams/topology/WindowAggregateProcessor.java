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
import io.micrometer.core.instrument.Counter;

/**
 * Tumbling-window aggregates per sensor and metric, emitted once, final, when window + grace has
 * closed by stream time. Open windows are keyed {@code windowStart(hex)|sensorId|metric} and closed
 * by {@link OpenWindows} (one ordered range scan per window boundary). It sees only on-time
 * readings (after the lateness gate), so it drops nothing itself.
 */
final class WindowAggregateProcessor
    implements Processor<String, CanonicalReading, String, WindowAggregate> {

  static final String STREAM_TIME_KEY = "aggregate";

  private final TumblingWindows windows;
  private final Counter emitted;
  private ProcessorContext<String, WindowAggregate> context;
  private KeyValueStore<String, AggregateState> open;
  private KeyValueStore<String, WindowAggregate> latest;
  private OpenWindows<AggregateState> openWindows;

  WindowAggregateProcessor(TumblingWindows windows, Counter emitted) {
    this.windows = windows;
    this.emitted = emitted;
  }

  @Override
  public void init(ProcessorContext<String, WindowAggregate> context) {
    this.context = context;
    this.open = context.getStateStore(TelemetryTopology.AGGREGATE_STORE);
    this.latest = context.getStateStore(TelemetryTopology.LATEST_AGGREGATE_STORE);
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
    for (KeyValue<String, AggregateState> closed : openWindows.advance(record.timestamp())) {
      WindowAggregate aggregate = closed.value.toWindowAggregate();
      latest.put(aggregate.sensorId() + "|" + aggregate.metric(), aggregate);
      context.forward(new Record<>(aggregate.sensorId(), aggregate, aggregate.windowEnd() - 1));
      emitted.increment();
    }
  }

  static String windowKey(long windowStart, String sensorId, String metric) {
    return OpenWindows.windowPrefix(windowStart) + sensorId + "|" + metric;
  }
}
