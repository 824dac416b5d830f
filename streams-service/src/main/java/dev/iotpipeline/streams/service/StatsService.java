package dev.iotpipeline.streams.service;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Samples the pipeline's counters once a second into a {@link Stats} snapshot for {@code GET
 * /api/stats} and the live stream: rates need two samples a fixed time apart.
 */
@ApplicationScoped
public class StatsService {

  /** One snapshot of the pipeline's counters. */
  public record Stats(
      long time,
      double readingsPerSecond,
      long readings,
      long late,
      long aggregates,
      long alerts,
      Map<String, Long> alertsBySeverity,
      Map<String, Long> alertsByType,
      Map<String, Long> dlqByReason,
      String streamsState) {}

  @Inject MeterRegistry meters;
  @Inject KafkaStreams streams;
  @Inject Vertx vertx;

  private final AtomicReference<Stats> latest = new AtomicReference<>();
  private long previousReadings;
  private long previousTime;

  void onStart(@Observes StartupEvent event) {
    sample();
    vertx.setPeriodic(1_000, id -> sample());
  }

  public Stats current() {
    Stats stats = latest.get();
    return stats != null ? stats : sample();
  }

  synchronized Stats sample() {
    long now = System.currentTimeMillis();
    MeterRegistry totals = cumulative(meters);
    long readings = count(totals, "pipeline.readings.processed");
    double rate =
        previousTime == 0 || now <= previousTime
            ? 0
            : (readings - previousReadings) * 1000.0 / (now - previousTime);
    previousReadings = readings;
    previousTime = now;
    Map<String, Long> bySeverity = byTag(totals, "pipeline.alerts.raised", "severity");
    Stats stats =
        new Stats(
            now,
            rate,
            readings,
            count(totals, "pipeline.readings.late"),
            count(totals, "pipeline.aggregates.emitted"),
            bySeverity.values().stream().mapToLong(Long::longValue).sum(),
            bySeverity,
            byTag(totals, "pipeline.alerts.raised", "type"),
            byTag(cumulative(Metrics.globalRegistry), "pipeline.dlq.records", "reason"),
            streams.state().name());
    latest.set(stats);
    return stats;
  }

  /**
   * A registry whose counters hold totals since start. A composite counter answers {@code count()}
   * from one of its registries, whichever comes first; the CloudWatch registry's counters (decision
   * 0304) hold only the current step, so the totals are read from a cumulative registry
   * (Prometheus) among the composite's.
   */
  static MeterRegistry cumulative(MeterRegistry registry) {
    if (registry instanceof CompositeMeterRegistry composite) {
      for (MeterRegistry child : composite.getRegistries()) {
        if (!(child instanceof StepMeterRegistry)) {
          return cumulative(child);
        }
      }
    }
    return registry;
  }

  private static long count(MeterRegistry registry, String name) {
    return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static Map<String, Long> byTag(MeterRegistry registry, String name, String tag) {
    Map<String, Long> counts = new TreeMap<>();
    for (Counter counter : registry.find(name).counters()) {
      String value = counter.getId().getTag(tag);
      if (value != null) {
        counts.merge(value, (long) counter.count(), Long::sum);
      }
    }
    return counts;
  }
}
