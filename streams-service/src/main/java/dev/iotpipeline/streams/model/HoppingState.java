package dev.iotpipeline.streams.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.WindowAggregate;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One sensor's metrics in one hopping window. Kept per sensor, not per sensor and metric, so that
 * the aggregation groups by the record key (sensorId) and needs no repartition topic.
 */
@RegisterForReflection
public record HoppingState(String deviceType, Map<String, MetricStats> metrics) {

  /** The state of a window before its first reading. */
  public static HoppingState empty() {
    return new HoppingState(null, Map.of());
  }

  /** This state with one more reading. */
  public HoppingState add(CanonicalReading reading) {
    Map<String, MetricStats> next = new TreeMap<>(metrics);
    next.merge(
        reading.metric(),
        MetricStats.of(reading.value()),
        (current, one) -> current.add(reading.value()));
    return new HoppingState(reading.deviceType() != null ? reading.deviceType() : deviceType, next);
  }

  /** One final aggregate per metric, ordered by metric name. */
  public List<WindowAggregate> toAggregates(String sensorId, long windowStart, long windowEnd) {
    List<WindowAggregate> aggregates = new ArrayList<>(metrics.size());
    new TreeMap<>(metrics)
        .forEach(
            (metric, s) ->
                aggregates.add(
                    new WindowAggregate(
                        sensorId,
                        deviceType,
                        metric,
                        windowStart,
                        windowEnd,
                        s.count(),
                        s.sum(),
                        s.sum() / s.count(),
                        s.min(),
                        s.max())));
    return aggregates;
  }
}
