package dev.iotpipeline.streams.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The streams-service's own settings: windows, detection numbers, operations. */
@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

  /** Event-time windows of the aggregates. */
  Windows windows();

  /**
   * Detection rules; the numbers of {@link Detection} can be changed at runtime (/api/settings).
   */
  Detection detection();

  /** State stores. */
  StateStores stores();

  /** Topic bootstrap at start-up. */
  TopicBootstrap topicBootstrap();

  /** The seed's other windows, each an output topic of its own (decision 0305). */
  Outputs outputs();

  /** Interactive queries across instances (decision 0317). */
  Queries queries();

  /**
   * Output records whose serialized value is larger than this are dead-lettered (PRODUCTION_ERROR)
   * instead of sent. Keep it below the producer's max.request.size and the topics'
   * max.message.bytes (1 MiB each by default) less key and header overhead: under exactly_once_v2 a
   * record the producer or broker refuses stops the stream thread whatever the handler answers
   * (decision 0306).
   */
  @WithDefault("1000000")
  int maxOutputRecordBytes();

  /** Event-time window settings (changing them needs a restart with a fresh application id). */
  interface Windows {
    /** Size of the tumbling aggregate window written to iot-aggregates-5m. */
    @WithDefault("5m")
    Duration size();

    /** How long after a window's end readings are still counted in it (out-of-order tolerance). */
    @WithDefault("5s")
    Duration grace();
  }

  /** Detection numbers. */
  interface Detection {
    /** ANOMALY: how many standard deviations from the last-hour mean make a reading anomalous. */
    @WithDefault("4.0")
    double anomalySigma();

    /** ANOMALY: readings the last hour must hold before a reading is judged. */
    @WithDefault("30")
    int anomalyMinReadings();

    /** POWER_THEFT: the 1-minute average below this fraction of the 1-hour baseline is theft. */
    @WithDefault("0.5")
    double theftRatio();

    /** POWER_THEFT: history the baseline needs before theft is judged. */
    @WithDefault("30m")
    Duration theftMinHistory();

    /** POWER_THEFT: the device type it applies to. */
    @WithDefault("smart-meter")
    String theftDeviceType();

    /** POWER_THEFT: the metric it applies to. */
    @WithDefault("power_w")
    String theftMetric();

    /** SILENCE: a connected device that sent nothing for this long (wall clock) is silent. */
    @WithDefault("10m")
    Duration silenceAfter();

    /** SILENCE: how often (wall clock) the devices are checked for silence. */
    @WithDefault("30s")
    Duration silenceCheckInterval();

    /**
     * Alert lifecycle: a condition must stay clear this long before its alert is RESOLVED, so a
     * flapping condition raises one alert, not many.
     */
    @WithDefault("60s")
    Duration holdTime();

    /**
     * THRESHOLD bounds by device type, then metric, e.g. {@code
     * pipeline.detection.thresholds.smart-meter.power_w.critical-above=15000}. A device's registry
     * entry overrides them per metric.
     */
    Map<String, Map<String, Bounds>> thresholds();
  }

  /** WARNING and CRITICAL bounds of one metric; an absent bound is not checked. */
  interface Bounds {
    /** WARNING when the value is above this. */
    Optional<Double> warningAbove();

    /** CRITICAL when the value is above this. */
    Optional<Double> criticalAbove();

    /** WARNING when the value is below this. */
    Optional<Double> warningBelow();

    /** CRITICAL when the value is below this. */
    Optional<Double> criticalBelow();
  }

  /** Where the topology keeps its state. */
  interface StateStores {
    /**
     * Keep the stores in memory instead of RocksDB. Changelogged either way, so state survives a
     * restart by restoring from Kafka; for tests and small fleets (heap grows with the fleet).
     */
    @WithDefault("false")
    boolean inMemory();

    /**
     * Keep the devices' entries (device-state: connection, open windows and sessions, the newest
     * part of each baseline) in memory even where the other stores are in RocksDB (decision 0327).
     * Every reading rewrites its device's entry; in RocksDB those rewrites were most of its flushes
     * and compactions. In memory the entries take ~0.6 KB of heap per device of the instance's
     * partitions (active and standby), restored from the changelog at every start. False puts them
     * in RocksDB: for an instance holding many millions of devices.
     */
    @WithDefault("true")
    boolean deviceStateInMemory();

    /**
     * Put a record cache in front of the stores whose few keys many readings update (stream time,
     * counts per region): repeated updates of a key between two commits reach the store and its
     * changelog once. The stores keyed per sensor have none (a meter's key seldom repeats within a
     * commit). Off only where every record is committed anyway (tests).
     */
    @WithDefault("true")
    boolean caching();

    /**
     * How many devices' parsed registry entries the stream threads keep (decision 0319): a device's
     * entry is then read from the registry store and parsed once, not twice per reading, until the
     * registry changes it. About half a kilobyte of heap each; 0 turns it off.
     */
    @WithDefault("100000")
    long registryCacheSize();

    /**
     * How many devices' entries (their connection, open windows, sessions and baselines) the
     * instance keeps in front of the device-state store, across its tasks (decisions 0326, 0327): a
     * reading then finds its device's entry without a store read. Kept in the store's binary form,
     * a few hundred bytes of heap each; 0 turns it off.
     */
    @WithDefault("100000")
    long deviceCacheSize();
  }

  /**
   * The seed's other windows. Each is computed from the valid readings with its own grace, emitted
   * once per window, final (when stream time passes its end + grace), and can be switched off.
   * Changing a window's size, advance or gap needs a new application id (the state layout changes).
   */
  interface Outputs {
    /** Readings per region per tumbling window to iot-counts-1m-by-region. */
    CountsByRegion countsByRegion();

    /** Per sensor and metric over hopping windows to iot-aggregates-10m-hopping. */
    HoppingAggregates hoppingAggregates();

    /** Activity sessions per device to iot-device-sessions. */
    Sessions sessions();
  }

  /** Readings per region (from the registry's address) per tumbling window. */
  interface CountsByRegion {
    /** Whether the counts are computed and written. */
    @WithDefault("true")
    boolean enabled();

    /** Size of the tumbling window. */
    @WithDefault("1m")
    Duration size();

    /** How long after a window's end readings still count in it. */
    @WithDefault("5s")
    Duration grace();
  }

  /**
   * Count, sum, avg, min, max per sensor and metric over overlapping windows, built from the closed
   * tumbling windows (decision 0316): size and advance are multiples of {@code
   * pipeline.windows.size}, and {@code pipeline.windows.grace} and the lateness gate apply.
   */
  interface HoppingAggregates {
    /** Whether the hopping aggregates are computed and written. */
    @WithDefault("true")
    boolean enabled();

    /** Size of each window, a multiple of pipeline.windows.size. */
    @WithDefault("10m")
    Duration size();

    /**
     * How far each window starts after the previous one, a multiple of pipeline.windows.size; a
     * reading counts in size/advance windows.
     */
    @WithDefault("5m")
    Duration advance();
  }

  /** Sessions of activity per device: readings no further apart than the gap. */
  interface Sessions {
    /**
     * Whether the sessions are computed and written. On by default since they cost one store get +
     * put per reading (decision 0314; Kafka Streams' session windows cost two thirds of the
     * throughput, decision 0313).
     */
    @WithDefault("true")
    boolean enabled();

    /** Inactivity gap: a reading further than this from a session starts a new one. */
    @WithDefault("30m")
    Duration gap();

    /** How long after a session's end + gap readings can still join or merge it. */
    @WithDefault("5s")
    Duration grace();
  }

  /** Creating the pipeline's topics at start-up (idempotent: existing topics are left alone). */
  interface TopicBootstrap {
    /**
     * Whether the service creates missing topics at start-up (off where Terraform creates them).
     */
    @WithDefault("true")
    boolean enabled();

    /** Partitions of each created topic; input topics must have equal counts (co-partitioning). */
    @WithDefault("6")
    int partitions();

    /** Replication factor of each created topic (3 on MSK, 1 on a local broker). */
    @WithDefault("1")
    short replicationFactor();
  }

  /** Interactive queries across instances (decision 0317). */
  interface Queries {
    /**
     * How long a query forwarded to the instance that owns the key may take, connecting included;
     * past it the query is answered 503 naming that instance.
     */
    @WithDefault("5s")
    Duration forwardTimeout();
  }
}
