package dev.iotpipeline.streams.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.RegionCount;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import io.micrometer.core.instrument.Counter;

/**
 * The first stage of the counts by region (decision 0315): counts this task's readings per region
 * and tumbling window, and forwards one partial count per region and window once the window has
 * closed by this task's stream time, keyed by region, stamped with the window start. Only these
 * partials cross the repartition topic to be summed per region, not every reading.
 *
 * <p>It sees every valid reading after the lateness gate, with the gate's stream time and the
 * region of the registry entry the gate looked up, and applies its own windows and grace: a reading
 * late for the 5-minute aggregates may still be counted here. Open counts live in {@link
 * TelemetryTopology#COUNTS_BY_REGION_PARTIAL_STORE}, keyed {@code windowStart(hex16)|region}: a key
 * repeats for every reading of its region in the window, so the record cache absorbs most of the
 * changelog writes. The processor reads its counts from a copy in memory, loaded from the store in
 * {@link #init} (after restoration, and again when a task is revived) and written through on every
 * change, so a reading costs one store write and no read. A reading whose window has closed by
 * stream time (window end + grace) is not counted, and is metered instead of dropped silently.
 */
final class RegionCountProcessor implements Processor<String, GatedReading, String, RegionCount> {

  /**
   * Where this processor kept a stream time of its own before it read the gate's (the same highest
   * event time of the task's valid readings); deleted when a task starts.
   */
  static final String FORMER_STREAM_TIME_KEY = "counts-by-region";

  private final TumblingWindows windows;
  private final Counter late;
  private ProcessorContext<String, RegionCount> context;
  private KeyValueStore<String, Long> partials;

  /** The store's entries: a few regions per open window. */
  private final Map<String, Long> counts = new HashMap<>();

  private OpenWindows<Long> openWindows;

  RegionCountProcessor(TumblingWindows windows, Counter late) {
    this.windows = windows;
    this.late = late;
  }

  @Override
  public void init(ProcessorContext<String, RegionCount> context) {
    this.context = context;
    this.partials = context.getStateStore(TelemetryTopology.COUNTS_BY_REGION_PARTIAL_STORE);
    KeyValueStore<String, Long> streamTimes =
        context.getStateStore(TelemetryTopology.STREAM_TIME_STORE);
    if (streamTimes.get(FORMER_STREAM_TIME_KEY) != null) {
      streamTimes.delete(FORMER_STREAM_TIME_KEY);
    }
    counts.clear();
    try (KeyValueIterator<String, Long> all = partials.all()) {
      all.forEachRemaining(entry -> counts.put(entry.key, entry.value));
    }
    this.openWindows = new OpenWindows<>(windows, partials);
  }

  @Override
  public void process(Record<String, GatedReading> record) {
    GatedReading gated = record.value();
    long eventTime = record.timestamp();
    // The gate's stream time includes this reading, which can close no window of its own.
    if (windows.isLate(eventTime, gated.streamTime())) {
      late.increment();
      return;
    }
    String key = OpenWindows.windowPrefix(windows.startOf(eventTime)) + gated.registry().region();
    long count = counts.merge(key, 1L, Long::sum);
    partials.put(key, count);
    for (KeyValue<String, Long> closed : openWindows.closeBy(gated.streamTime())) {
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
}
