package dev.iotpipeline.streams.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Samples the pipeline's counters once a second into a {@link Stats} snapshot for {@code GET
 * /api/stats} and the live stream: rates need two samples a fixed time apart. With several
 * instances each counts its own partitions' readings, so it also fetches the other instances'
 * snapshots once a second and answers with the sum (decision 0317).
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
      String streamsState,
      int instances) {}

  /** Another instance's snapshot older than this is left out of the sum (the instance is gone). */
  static final long STALE_MS = 5_000;

  private record Received(Stats stats, long at) {}

  @Inject MeterRegistry meters;
  @Inject KafkaStreams streams;
  @Inject Vertx vertx;
  @Inject ServiceInstances instances;
  @Inject ObjectMapper json;

  private final AtomicReference<Stats> latest = new AtomicReference<>();
  private final Map<HostInfo, Received> others = new ConcurrentHashMap<>();
  private long previousReadings;
  private long previousTime;

  void onStart(@Observes StartupEvent event) {
    sample();
    vertx.setPeriodic(
        1_000,
        id -> {
          sample();
          fetchOthers();
        });
  }

  /** This instance's counts. */
  public Stats local() {
    Stats stats = latest.get();
    return stats != null ? stats : sample();
  }

  /** Every instance's counts summed (this one's alone when it runs alone). */
  public Stats current() {
    long now = System.currentTimeMillis();
    List<Stats> all = new ArrayList<>();
    all.add(local());
    others.forEach(
        (host, received) -> {
          if (now - received.at() <= STALE_MS) {
            all.add(received.stats());
          }
        });
    return all.size() == 1 ? all.get(0) : combine(all);
  }

  private void fetchOthers() {
    List<HostInfo> hosts;
    try {
      hosts = instances.others();
    } catch (RuntimeException e) {
      return; // not running yet: the next second asks again
    }
    others.keySet().retainAll(hosts);
    for (HostInfo host : hosts) {
      instances
          .ask(host, "/api/stats", null)
          .whenComplete(
              (answer, failure) -> {
                if (failure == null && answer.status() == 200) {
                  try {
                    Stats stats = json.readValue(answer.body(), Stats.class);
                    others.put(host, new Received(stats, System.currentTimeMillis()));
                  } catch (Exception e) {
                    Log.debugf("Unreadable stats from %s: %s", host, e.getMessage());
                  }
                }
              });
    }
  }

  /**
   * Snapshots of several instances as one: counts and rates summed; the streams state is the first
   * one that is not RUNNING, so that the dashboard shows an instance in trouble.
   */
  static Stats combine(List<Stats> snapshots) {
    long time = 0;
    double rate = 0;
    long readings = 0;
    long late = 0;
    long aggregates = 0;
    long alerts = 0;
    Map<String, Long> bySeverity = new TreeMap<>();
    Map<String, Long> byType = new TreeMap<>();
    Map<String, Long> dlq = new TreeMap<>();
    String state = KafkaStreams.State.RUNNING.name();
    int count = 0;
    for (Stats s : snapshots) {
      time = Math.max(time, s.time());
      rate += s.readingsPerSecond();
      readings += s.readings();
      late += s.late();
      aggregates += s.aggregates();
      alerts += s.alerts();
      s.alertsBySeverity().forEach((k, v) -> bySeverity.merge(k, v, Long::sum));
      s.alertsByType().forEach((k, v) -> byType.merge(k, v, Long::sum));
      s.dlqByReason().forEach((k, v) -> dlq.merge(k, v, Long::sum));
      if (KafkaStreams.State.RUNNING.name().equals(state)) {
        state = s.streamsState();
      }
      count += Math.max(1, s.instances());
    }
    return new Stats(
        time, rate, readings, late, aggregates, alerts, bySeverity, byType, dlq, state, count);
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
            streams.state().name(),
            1);
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
