package dev.iotpipeline.streams.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.windows.Regions;
import io.micrometer.core.instrument.Counter;

/**
 * The first stage of the counts by region (decision 0315): counts this task's readings per region
 * and tumbling window, and forwards one partial count per region and window once the window has
 * closed by this task's stream time, keyed by region, stamped with the window start. Only these
 * partials cross the repartition topic to be summed per region, not every reading.
 *
 * <p>The region comes from the registry's GlobalKTable store (a local lookup, as the join it
 * replaces, through the {@link RegistryCache}). Open counts live in {@link
 * TelemetryTopology#COUNTS_BY_REGION_PARTIAL_STORE}, keyed {@code windowStart(hex16)|region}: a key
 * repeats for every reading of its region in the window, so the record cache absorbs most of the
 * changelog writes. The processor reads its counts from a copy in memory, loaded from the store in
 * {@link #init} (after restoration, and again when a task is revived) and written through on every
 * change, so a reading costs one store write and no read. A reading whose window has closed by
 * stream time (window end + grace) is not counted, and is metered instead of dropped silently.
 */
final class RegionCountProcessor
    implements Processor<String, CanonicalReading, String, RegionCount> {

  static final String STREAM_TIME_KEY = "counts-by-region";

  private final TumblingWindows windows;
  private final RegistryCache registryCache;
  private final Counter late;
  private ProcessorContext<String, RegionCount> context;
  private KeyValueStore<String, ValueAndTimestamp<Device>> registry;
  private KeyValueStore<String, Long> partials;

  /** The store's entries: a few regions per open window. */
  private final Map<String, Long> counts = new HashMap<>();

  private OpenWindows<Long> openWindows;

  RegionCountProcessor(TumblingWindows windows, RegistryCache registryCache, Counter late) {
    this.windows = windows;
    this.registryCache = registryCache;
    this.late = late;
  }

  @Override
  public void init(ProcessorContext<String, RegionCount> context) {
    this.context = context;
    this.registry = context.getStateStore(TelemetryTopology.REGISTRY_STORE);
    this.partials = context.getStateStore(TelemetryTopology.COUNTS_BY_REGION_PARTIAL_STORE);
    counts.clear();
    try (KeyValueIterator<String, Long> all = partials.all()) {
      all.forEachRemaining(entry -> counts.put(entry.key, entry.value));
    }
    this.openWindows =
        new OpenWindows<>(
            windows,
            partials,
            context.getStateStore(TelemetryTopology.STREAM_TIME_STORE),
            STREAM_TIME_KEY);
  }

  @Override
  public void process(Record<String, CanonicalReading> record) {
    long eventTime = record.timestamp();
    if (windows.isLate(eventTime, openWindows.streamTime())) {
      late.increment();
      return;
    }
    String key =
        OpenWindows.windowPrefix(windows.startOf(eventTime)) + region(record.value().sensorId());
    long count = counts.merge(key, 1L, Long::sum);
    partials.put(key, count);
    for (KeyValue<String, Long> closed : openWindows.advance(eventTime)) {
      counts.remove(closed.key);
      long start = OpenWindows.windowStartOf(closed.key);
      String region = OpenWindows.afterWindowPrefix(closed.key);
      context.forward(
          new Record<>(
              region,
              new RegionCount(region, start, start + windows.sizeMs(), closed.value),
              start));
    }
  }

  /**
   * The region of the reading's device. The reading's own sensorId, which the valid-readings filter
   * guarantees and which equals the key when there is one: a reading without a key is counted in
   * its device's region (the registry join before this looked up the null key: "unknown").
   */
  private String region(String sensorId) {
    return Regions.of(registryCache.device(sensorId, registry));
  }
}
