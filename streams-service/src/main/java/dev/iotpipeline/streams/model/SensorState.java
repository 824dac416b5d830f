package dev.iotpipeline.streams.model;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything detection keeps per device in one store entry: its connection and activity, and the
 * running hour of each of its metrics. One entry, so that a reading costs one store read, one store
 * write and one changelog record for both (decision 0316), where two stores cost two of each.
 *
 * @param device connection and activity
 * @param baselines the last hour of each metric the device reported, by metric name
 */
@RegisterForReflection
public record SensorState(DeviceState device, Map<String, BaselineSummary> baselines) {

  public SensorState {
    baselines = Map.copyOf(baselines);
  }

  /** A device known only by its connection state (no baselines yet). */
  public static SensorState of(DeviceState device) {
    return new SensorState(device, Map.of());
  }

  /** The metric's hour, or null before its first reading. */
  public BaselineSummary baseline(String metric) {
    return baselines.get(metric);
  }

  /** This state with the device's connection and activity replaced. */
  public SensorState withDevice(DeviceState next) {
    return new SensorState(next, baselines);
  }

  /** This state with one metric's hour replaced. */
  public SensorState withBaseline(String metric, BaselineSummary summary) {
    if (baselines.size() == 1 && baselines.containsKey(metric)) {
      return new SensorState(device, Map.of(metric, summary)); // the common case: one metric
    }
    HashMap<String, BaselineSummary> next = new HashMap<>(baselines);
    next.put(metric, summary);
    return new SensorState(device, next);
  }
}
