package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import dev.iotpipeline.streams.model.RegistryEntry;
import io.micrometer.core.instrument.Counter;

/**
 * Decides for each reading whether its window has already closed (late) by the task's stream time,
 * the highest event time this task has seen. Kafka Streams would drop such readings silently in a
 * windowed aggregation; here they are marked so that the topology routes them to the late topic,
 * and the aggregation after the gate never sees them. Stream time is kept in a changelogged store
 * so that a restarted or moved task continues with the same notion of "late"; it travels with every
 * reading, and the processors after the gate close their windows by it instead of keeping their own
 * (one store write per reading, not one per processor).
 *
 * <p>The gate also looks up the reading's device in the registry, once: detection enriches its
 * alerts with the entry and the counts by region take the region derived from it. Each of them
 * looked it up itself before, through the parsed entries of the {@link RegistryCache}.
 */
final class LateGateProcessor implements Processor<String, CanonicalReading, String, GatedReading> {

  static final String STREAM_TIME_KEY = "late-gate";

  private final TumblingWindows windows;
  private final RegistryCache registryCache;
  private final Counter readings;
  private final Counter late;
  private ProcessorContext<String, GatedReading> context;
  private KeyValueStore<String, ValueAndTimestamp<Device>> registry;
  private KeyValueStore<String, Long> streamTimeStore;
  private long streamTime = Long.MIN_VALUE;

  LateGateProcessor(
      TumblingWindows windows, RegistryCache registryCache, Counter readings, Counter late) {
    this.windows = windows;
    this.registryCache = registryCache;
    this.readings = readings;
    this.late = late;
  }

  @Override
  public void init(ProcessorContext<String, GatedReading> context) {
    this.context = context;
    this.registry = context.getStateStore(TelemetryTopology.REGISTRY_STORE);
    this.streamTimeStore = context.getStateStore(TelemetryTopology.STREAM_TIME_STORE);
    Long stored = streamTimeStore.get(STREAM_TIME_KEY);
    streamTime = stored == null ? Long.MIN_VALUE : stored;
  }

  @Override
  public void process(Record<String, CanonicalReading> record) {
    CanonicalReading reading = ReadingCheck.require(record.key(), record.value());
    readings.increment();
    RegistryEntry registered = registryCache.entry(reading.sensorId(), registry);
    long eventTime = record.timestamp();
    long start = windows.startOf(eventTime);
    long end = start + windows.sizeMs();
    boolean isLate = windows.isLate(eventTime, streamTime);
    if (isLate) {
      late.increment();
    } else if (eventTime > streamTime) {
      streamTime = eventTime;
      streamTimeStore.put(STREAM_TIME_KEY, streamTime);
    }
    context.forward(
        record.withValue(new GatedReading(reading, registered, isLate, start, end, streamTime)));
  }
}
