package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.streams.detection.TumblingWindows;
import dev.iotpipeline.streams.model.GatedReading;
import io.micrometer.core.instrument.Counter;

/**
 * Decides for each reading whether its window has already closed (late) by the task's stream time,
 * the highest event time this task has seen. Kafka Streams would drop such readings silently in a
 * windowed aggregation; here they are marked so that the topology routes them to the late topic,
 * and the aggregation after the gate never sees them. Stream time is kept in a changelogged store
 * so that a restarted or moved task continues with the same notion of "late".
 */
final class LateGateProcessor implements Processor<String, CanonicalReading, String, GatedReading> {

  static final String STREAM_TIME_KEY = "late-gate";

  private final TumblingWindows windows;
  private final Counter readings;
  private final Counter late;
  private ProcessorContext<String, GatedReading> context;
  private KeyValueStore<String, Long> streamTimeStore;
  private long streamTime = Long.MIN_VALUE;

  LateGateProcessor(TumblingWindows windows, Counter readings, Counter late) {
    this.windows = windows;
    this.readings = readings;
    this.late = late;
  }

  @Override
  public void init(ProcessorContext<String, GatedReading> context) {
    this.context = context;
    this.streamTimeStore = context.getStateStore(TelemetryTopology.STREAM_TIME_STORE);
    Long stored = streamTimeStore.get(STREAM_TIME_KEY);
    streamTime = stored == null ? Long.MIN_VALUE : stored;
  }

  @Override
  public void process(Record<String, CanonicalReading> record) {
    CanonicalReading reading = ReadingCheck.require(record.key(), record.value());
    readings.increment();
    long eventTime = record.timestamp();
    long start = windows.startOf(eventTime);
    long end = start + windows.sizeMs();
    if (windows.isLate(eventTime, streamTime)) {
      late.increment();
      context.forward(record.withValue(new GatedReading(reading, true, start, end, streamTime)));
      return;
    }
    if (eventTime > streamTime) {
      streamTime = eventTime;
      streamTimeStore.put(STREAM_TIME_KEY, streamTime);
    }
    context.forward(record.withValue(new GatedReading(reading, false, start, end, streamTime)));
  }
}
