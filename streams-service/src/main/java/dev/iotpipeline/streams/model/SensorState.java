package dev.iotpipeline.streams.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything the topology keeps per device in one store entry: its connection and activity, the
 * running hour of each of its metrics, its open 5-minute aggregates and its open activity sessions.
 * One entry, so that a reading costs one store read, one store write and one changelog record for
 * all of them (decisions 0316, 0320), where a store each cost one of each per store.
 *
 * @param device connection and activity; null while only late readings were seen (SILENCE and the
 *     queries know nothing of the device then)
 * @param baselines the last hour of each metric the device reported, by metric name
 * @param windows the open tumbling-window aggregates, by window start, then metric
 * @param sessions the open activity sessions, or null when there are none
 */
@RegisterForReflection
public record SensorState(
    DeviceState device,
    Map<String, BaselineSummary> baselines,
    List<AggregateState> windows,
    DeviceSessions sessions) {

  private static final Comparator<AggregateState> WINDOW_ORDER =
      Comparator.comparingLong(AggregateState::windowStart).thenComparing(AggregateState::metric);

  public SensorState {
    baselines = Map.copyOf(baselines);
    windows = List.copyOf(windows);
  }

  /** A device with connection state and baselines only. */
  public SensorState(DeviceState device, Map<String, BaselineSummary> baselines) {
    this(device, baselines, List.of(), null);
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
    return new SensorState(next, baselines, windows, sessions);
  }

  /** This state with one metric's hour replaced. */
  public SensorState withBaseline(String metric, BaselineSummary summary) {
    if (baselines.size() == 1 && baselines.containsKey(metric)) {
      // the common case: one metric
      return new SensorState(device, Map.of(metric, summary), windows, sessions);
    }
    HashMap<String, BaselineSummary> next = new HashMap<>(baselines);
    next.put(metric, summary);
    return new SensorState(device, next, windows, sessions);
  }

  /** The open aggregate of the metric in the window starting then, or null. */
  public AggregateState window(long windowStart, String metric) {
    for (AggregateState window : windows) {
      if (window.windowStart() == windowStart && window.metric().equals(metric)) {
        return window;
      }
    }
    return null;
  }

  /** Whether any metric has an open aggregate in the window starting then. */
  public boolean hasWindow(long windowStart) {
    for (AggregateState window : windows) {
      if (window.windowStart() == windowStart) {
        return true;
      }
    }
    return false;
  }

  /** This state with the aggregate put in its place (window start, then metric). */
  public SensorState withWindow(AggregateState aggregate) {
    List<AggregateState> next = new ArrayList<>(windows.size() + 1);
    for (AggregateState window : windows) {
      if (window.windowStart() != aggregate.windowStart()
          || !window.metric().equals(aggregate.metric())) {
        next.add(window);
      }
    }
    next.add(aggregate);
    next.sort(WINDOW_ORDER);
    return new SensorState(device, baselines, next, sessions);
  }

  /** This state without the aggregates of windows starting at or before {@code lastStart}. */
  public SensorState withoutWindowsUpTo(long lastStart) {
    List<AggregateState> next = new ArrayList<>(windows.size());
    for (AggregateState window : windows) {
      if (window.windowStart() > lastStart) {
        next.add(window);
      }
    }
    return new SensorState(device, baselines, next, sessions);
  }

  /** This state with the open sessions replaced (null: none). */
  public SensorState withSessions(DeviceSessions next) {
    return new SensorState(device, baselines, windows, next);
  }
}
