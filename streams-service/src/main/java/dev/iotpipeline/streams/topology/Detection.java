package dev.iotpipeline.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.AlertType;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.contracts.ThresholdBounds;
import dev.iotpipeline.streams.config.DetectionSettings;
import dev.iotpipeline.streams.config.LiveSettings;
import dev.iotpipeline.streams.detection.AlertFactory;
import dev.iotpipeline.streams.detection.AlertLifecycle;
import dev.iotpipeline.streams.detection.AnomalyRule;
import dev.iotpipeline.streams.detection.PaneBlocks;
import dev.iotpipeline.streams.detection.PowerTheftRule;
import dev.iotpipeline.streams.detection.RollingBaseline;
import dev.iotpipeline.streams.detection.SilenceRule;
import dev.iotpipeline.streams.detection.ThresholdRule;
import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.EpisodeState;
import dev.iotpipeline.streams.model.Pane;
import dev.iotpipeline.streams.model.SensorState;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the detection rules on each on-time reading and, on a wall-clock schedule, the SILENCE rule;
 * keeps each alert episode's lifecycle and enriches alerts from the registry (the entry the
 * lateness gate looked up for the reading; for SILENCE, a local lookup in the GlobalKTable's store
 * through the {@link RegistryCache}). The rules themselves are plain classes; this part of the
 * {@link SensorProcessor} only wires state to them: it takes and returns the device's entry, which
 * the processor reads and writes once per reading (decision 0320).
 */
final class Detection {

  private final LiveSettings settings;
  private final RegistryCache registryCache;
  private final Map<String, Map<String, ThresholdBounds>> typeThresholds;
  private final String theftDeviceType;
  private final String theftMetric;
  private final Duration silenceCheckInterval;
  private final MeterRegistry meters;
  private final RollingBaseline baseline = RollingBaseline.standard();

  /**
   * The keys of this task's open episodes, mirroring {@link #episodes}: nearly every observation
   * finds no open episode, and this answers that without a store read (3-4 per reading otherwise).
   * Rebuilt from the store in {@link #init}, which runs after restoration and again whenever the
   * task is revived, so it never disagrees with the store.
   */
  private final Set<String> openEpisodes = new HashSet<>();

  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, List<Pane>> paneBlocks;
  private KeyValueStore<String, EpisodeState> episodes;
  private KeyValueStore<String, SensorState> devices;
  private KeyValueStore<String, ValueAndTimestamp<Device>> registry;

  Detection(
      LiveSettings settings,
      RegistryCache registryCache,
      Map<String, Map<String, ThresholdBounds>> typeThresholds,
      String theftDeviceType,
      String theftMetric,
      Duration silenceCheckInterval,
      MeterRegistry meters) {
    this.settings = settings;
    this.registryCache = registryCache;
    this.typeThresholds = typeThresholds;
    this.theftDeviceType = theftDeviceType;
    this.theftMetric = theftMetric;
    this.silenceCheckInterval = silenceCheckInterval;
    this.meters = meters;
  }

  /** Called from the processor's init: after restoration, and again when a task is revived. */
  void init(ProcessorContext<String, Object> context) {
    this.context = context;
    paneBlocks = context.getStateStore(TelemetryTopology.PANE_BLOCK_STORE);
    episodes = context.getStateStore(TelemetryTopology.EPISODE_STORE);
    devices = context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
    registry = context.getStateStore(TelemetryTopology.REGISTRY_STORE);
    openEpisodes.clear();
    try (KeyValueIterator<String, EpisodeState> it = episodes.all()) {
      it.forEachRemaining(entry -> openEpisodes.add(entry.key));
    }
    context.schedule(silenceCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
  }

  /**
   * Runs the rules on an on-time reading.
   *
   * @param sensor the device's entry, or null before anything was kept for it
   * @param device the device's registry entry, or null when it is not registered
   * @return the entry with the reading's connection, activity and baseline
   */
  SensorState observe(SensorState sensor, CanonicalReading reading, Device device, long eventTime) {
    DetectionSettings s = settings.get();
    String sensorId = reading.sensorId();
    long wallNow = context.currentSystemTimeMs();

    DeviceState state =
        sensor == null || sensor.device() == null
            ? new DeviceState(reading.deviceType(), null, 0, wallNow, 0)
            : sensor.device();
    if (reading.connected() != null) {
      state = state.withPresence(reading.connected(), eventTime, wallNow);
    }
    state = state.withReading(reading.deviceType(), eventTime, wallNow);

    // Any reading ends a silence.
    observe(reading, device, AlertType.SILENCE, null, false, null, eventTime, 0, Map.of());

    // THRESHOLD: the device's own bounds override its type's.
    ThresholdBounds bounds = bounds(device, reading);
    Optional<Severity> beyond = ThresholdRule.evaluate(reading.value(), bounds);
    observe(
        reading,
        device,
        AlertType.THRESHOLD,
        reading.metric(),
        beyond.isPresent(),
        beyond.orElse(null),
        eventTime,
        s.holdTimeMs(),
        beyond.isPresent() ? thresholdEvidence(reading.value(), bounds) : Map.of());

    // ANOMALY: judged against the hour behind the reading, before the reading joins it.
    BaselineSummary hourBefore = sensor == null ? null : sensor.baseline(reading.metric());
    PaneBlocks series =
        new SeriesBlocks(
            paneBlocks,
            sensorId + "|" + reading.metric(),
            baseline.firstCurrentKeyBlock(hourBefore));
    BaselineSummary summary = baseline.advance(hourBefore, series, eventTime);
    Pane history = summary.hour();
    double z = AnomalyRule.deviations(reading.value(), history, s.anomalyMinReadings());
    boolean anomalous = !Double.isNaN(z) && z > s.anomalySigma();
    observe(
        reading,
        device,
        AlertType.ANOMALY,
        reading.metric(),
        anomalous,
        Severity.WARNING,
        eventTime,
        s.holdTimeMs(),
        anomalous ? anomalyEvidence(reading.value(), history, z, s.anomalySigma()) : Map.of());
    summary = baseline.include(summary, series, eventTime, reading.value());
    SensorState next =
        (sensor == null ? SensorState.of(state) : sensor.withDevice(state))
            .withBaseline(reading.metric(), summary);

    // POWER_THEFT: 1-minute average against the hour before it.
    if (theftDeviceType.equals(reading.deviceType()) && theftMetric.equals(reading.metric())) {
      Pane minute = baseline.lastMinute(summary);
      Pane before = summary.hour().minus(minute);
      PowerTheftRule.Verdict verdict =
          PowerTheftRule.evaluate(
              minute,
              before,
              eventTime - summary.historyStart(),
              state.consideredConnected(),
              s.theftRatio(),
              s.theftMinHistoryMs());
      if (verdict != PowerTheftRule.Verdict.UNKNOWN) {
        boolean theft = verdict == PowerTheftRule.Verdict.THEFT;
        observe(
            reading,
            device,
            AlertType.POWER_THEFT,
            reading.metric(),
            theft,
            Severity.CRITICAL,
            eventTime,
            s.holdTimeMs(),
            theftEvidence(minute, before, s.theftRatio()));
      }
    }
    return next;
  }

  private void checkSilence(long wallNow) {
    DetectionSettings s = settings.get();
    List<KeyValue<String, SensorState>> all = new ArrayList<>();
    try (KeyValueIterator<String, SensorState> it = devices.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, SensorState> entry : all) {
      DeviceState state = entry.value.device();
      if (state == null) {
        continue; // only late readings so far
      }
      boolean silent = SilenceRule.isSilent(state, wallNow, s.silenceAfterMs());
      String episodeKey = AlertLifecycle.idPrefix(entry.key, AlertType.SILENCE, null);
      EpisodeState open =
          (silent || !state.consideredConnected()) && openEpisodes.contains(episodeKey)
              ? episodes.get(episodeKey)
              : null;
      if (!silent && open == null) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("silentForMs", wallNow - state.lastActivityWall());
      evidence.put("silenceAfterMs", s.silenceAfterMs());
      evidence.put("lastEventTime", state.lastEventTime());
      evidence.put("connected", state.consideredConnected());
      long time = silent ? state.lastEventTime() : wallNow;
      AlertLifecycle.Step step =
          AlertLifecycle.observe(open, silent, Severity.WARNING, time, 0, episodeKey);
      store(episodeKey, step.state());
      if (step.emit() != null) {
        String summary =
            step.emit() == AlertStatus.TRIGGERED
                ? String.format(
                    "%s sent nothing for %d s while connected",
                    entry.key, (wallNow - state.lastActivityWall()) / 1000)
                : String.format("%s is no longer silent (disconnected)", entry.key);
        emit(
            AlertFactory.alert(
                step.state() != null ? step.state().alertId() : open.alertId(),
                entry.key,
                state.deviceType(),
                AlertType.SILENCE,
                step.severity(),
                step.emit(),
                null,
                time,
                wallNow,
                summary,
                evidence,
                registryCache.device(entry.key, registry)),
            wallNow);
      }
    }
  }

  /** Feeds one observation to the episode's lifecycle and emits what it announces. */
  private void observe(
      CanonicalReading reading,
      Device device,
      String type,
      String metric,
      boolean active,
      Severity severity,
      long eventTime,
      long holdMs,
      Map<String, Object> evidence) {
    String episodeKey = AlertLifecycle.idPrefix(reading.sensorId(), type, metric);
    boolean known = openEpisodes.contains(episodeKey);
    if (!known && !active) {
      return;
    }
    EpisodeState open = known ? episodes.get(episodeKey) : null;
    AlertLifecycle.Step step =
        AlertLifecycle.observe(open, active, severity, eventTime, holdMs, episodeKey);
    if (!step.equals(new AlertLifecycle.Step(open, null, step.severity()))) {
      store(episodeKey, step.state());
    }
    if (step.emit() == null) {
      return;
    }
    String alertId = step.state() != null ? step.state().alertId() : open.alertId();
    Map<String, Object> proof = new LinkedHashMap<>(evidence);
    proof.put("value", reading.value());
    emit(
        AlertFactory.alert(
            alertId,
            reading.sensorId(),
            reading.deviceType(),
            type,
            step.severity(),
            step.emit(),
            metric,
            eventTime,
            context.currentSystemTimeMs(),
            summary(type, step.emit(), reading, step.severity()),
            proof,
            device),
        eventTime);
  }

  private void store(String episodeKey, EpisodeState state) {
    if (state == null) {
      StoreDeletes.delete(episodes, episodeKey);
      openEpisodes.remove(episodeKey);
    } else {
      episodes.put(episodeKey, state);
      openEpisodes.add(episodeKey);
    }
  }

  private void emit(Alert alert, long timestamp) {
    if (alert.status() == AlertStatus.TRIGGERED) {
      meters
          .counter(
              "pipeline.alerts.raised", "type", alert.type(), "severity", alert.severity().name())
          .increment();
    }
    context.forward(new Record<>(alert.sensorId(), alert, timestamp), SensorProcessor.ALERTS_SINK);
  }

  private ThresholdBounds bounds(Device device, CanonicalReading reading) {
    if (device != null && device.thresholds() != null) {
      ThresholdBounds own = device.thresholds().get(reading.metric());
      if (own != null) {
        return own;
      }
    }
    Map<String, ThresholdBounds> byMetric = typeThresholds.get(reading.deviceType());
    return byMetric == null ? null : byMetric.get(reading.metric());
  }

  private static String summary(
      String type, AlertStatus status, CanonicalReading reading, Severity severity) {
    String what =
        switch (type) {
          case AlertType.THRESHOLD -> reading.metric() + " beyond its " + severity + " bound";
          case AlertType.ANOMALY -> reading.metric() + " far from its last-hour mean";
          case AlertType.POWER_THEFT -> "1-minute power below the theft ratio of its baseline";
          case AlertType.SILENCE -> "silence";
          default -> type;
        };
    return status == AlertStatus.TRIGGERED
        ? String.format("%s: %s (value %s)", reading.sensorId(), what, reading.value())
        : String.format("%s: %s ended (value %s)", reading.sensorId(), what, reading.value());
  }

  private static Map<String, Object> thresholdEvidence(double value, ThresholdBounds bounds) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("warningAbove", bounds.warningAbove());
    evidence.put("criticalAbove", bounds.criticalAbove());
    evidence.put("warningBelow", bounds.warningBelow());
    evidence.put("criticalBelow", bounds.criticalBelow());
    evidence.values().removeIf(v -> v == null);
    return evidence;
  }

  private static Map<String, Object> anomalyEvidence(
      double value, Pane history, double z, double sigma) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("hourMean", history.mean());
    evidence.put("hourStddev", history.stddev());
    evidence.put("hourCount", history.count());
    evidence.put("deviations", z);
    evidence.put("sigmaLimit", sigma);
    return evidence;
  }

  private static Map<String, Object> theftEvidence(Pane minute, Pane before, double ratio) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("minuteAvg", minute.mean());
    evidence.put("baselineAvg", before.mean());
    evidence.put("ratio", minute.mean() / before.mean());
    evidence.put("ratioLimit", ratio);
    evidence.put("baselineCount", before.count());
    return evidence;
  }

  /**
   * One series' blocks in the shared pane store, keyed {@code block(hex16) sensorId|metric}
   * (decision 0327): block first, so that the blocks of one minute, which every sensor writes in
   * the same minute and reads back an hour later, are neighbours in RocksDB, and the reads of a
   * minute's expiries hit the data blocks the previous ones loaded. Keyed sensor first, a series'
   * hour lay together instead, and an expiry read a data block no other expiry nearby needed: with
   * 100,000 meters the hour's expiries alone cost the stream threads ~4 µs per reading.
   *
   * <p>Blocks before {@code firstCurrentKeyBlock} were stored before 0327, under {@code
   * sensorId|metric|block(hex)}, and are read and deleted there until the hour has left them. An
   * earlier key starts with a sensor id, which has no whitespace (the contract), so none has the
   * space of the current keys after its first 16 characters: the two layouts never name the same
   * entry.
   */
  private record SeriesBlocks(
      KeyValueStore<String, List<Pane>> store, String seriesKey, long firstCurrentKeyBlock)
      implements PaneBlocks {
    @Override
    public List<Pane> get(long block) {
      return store.get(key(block));
    }

    @Override
    public void put(long block, List<Pane> panes) {
      store.put(key(block), panes);
    }

    @Override
    public void delete(long block) {
      StoreDeletes.delete(store, key(block));
    }

    private String key(long block) {
      if (block < firstCurrentKeyBlock) {
        return seriesKey + "|" + Long.toHexString(block);
      }
      String hex = Long.toHexString(block);
      return "0".repeat(16 - hex.length()) + hex + " " + seriesKey;
    }
  }
}
