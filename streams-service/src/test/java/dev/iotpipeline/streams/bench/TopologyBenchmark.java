package dev.iotpipeline.streams.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import com.sun.management.OperatingSystemMXBean;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.streams.ShippedStreamsSettings;
import dev.iotpipeline.streams.config.LiveSettings;
import dev.iotpipeline.streams.config.PipelineConfig;
import dev.iotpipeline.streams.topology.TelemetryTopology;
import dev.iotpipeline.testsupport.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The production topology on the real embedded broker with exactly_once_v2 and RocksDB stores:
 * sustained readings/s for a fleet of simulated meters, p50/p99 latency from a reading to its alert
 * on iot-alerts (read_committed) under background load, heap and state-store size. Not part of
 * verify: {@code ./mvnw -pl streams-service -Pbench verify} (settings: -Dbench.meters,
 * -Dbench.readings, -Dbench.partitions, -Dbench.threads, -Dbench.latency.alerts, -Dbench.registered
 * (default true: every meter in the registry), -Dbench.background.rate, -Dbench.max.seconds,
 * -Dbench.steady.from, -Dbench.streams.&lt;kafka streams key&gt;). The Kafka Streams settings are
 * the service's own (application.properties). Prints the numbers and writes them to
 * target/bench-results.txt.
 */
class TopologyBenchmark {

  private static final Source SOURCE = new Source(Protocol.MQTT, null, "dt/bench", null, null);

  private final int meters = Integer.getInteger("bench.meters", 100_000);
  private final int readings = Integer.getInteger("bench.readings", 1_000_000);
  private final int partitions = Integer.getInteger("bench.partitions", 2);
  private final int threads = Integer.getInteger("bench.threads", 2);
  private final int latencyAlerts = Integer.getInteger("bench.latency.alerts", 300);
  private final int backgroundRate = Integer.getInteger("bench.background.rate", 5_000);

  /**
   * Where the steady measurement starts, as a share of the readings: 0.1 by default (stores
   * opening, the first commits); later (e.g. 0.5 of 8,000,000) to leave out the JIT compilers,
   * which still take a tenth of the CPU a minute into a run.
   */
  private final double steadyFrom =
      Double.parseDouble(System.getProperty("bench.steady.from", "0.1"));

  private final boolean registered =
      Boolean.parseBoolean(System.getProperty("bench.registered", "true"));

  @Test
  void measureThroughputLatencyAndState() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopics(
        partitions,
        Topics.RAW_EVENTS,
        Topics.DEVICE_PRESENCE,
        Topics.LATE_EVENTS,
        Topics.AGGREGATES_5M,
        Topics.ALERTS,
        Topics.DLQ);
    kafka.createTopics(partitions, Map.of("cleanup.policy", "compact"), Topics.DEVICE_REGISTRY);

    // 0. The registry, as in production: every meter registered (50 regions), so enrichment and
    // the region counts look up real entries (the GlobalKTable is loaded before processing).
    if (registered) {
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        for (int meter = 0; meter < meters; meter++) {
          String id = "m-" + meter;
          producer.send(
              new ProducerRecord<>(Topics.DEVICE_REGISTRY, id, json(registryEntry(id, meter))));
        }
        producer.flush();
      }
    }

    // 1. Pre-load the input: `readings` readings round-robin over `meters` meters, every meter
    // reporting once per 10 s of event time.
    long t0 = (System.currentTimeMillis() - 86_400_000L) / 300_000 * 300_000;
    long produceStart = System.nanoTime();
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      for (int i = 0; i < readings; i++) {
        int meter = i % meters;
        long round = i / meters;
        long eventTime = t0 + round * 10_000 + (meter % 10_000);
        String id = "m-" + meter;
        producer.send(
            new ProducerRecord<>(
                Topics.RAW_EVENTS,
                null,
                eventTime,
                id,
                json(reading(id, 800 + (meter % 400), eventTime))));
      }
      producer.flush();
    }
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PipelineConfig config = config();
    Path stateDir =
        Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bench-");
    System.gc();
    long heapBefore = usedHeap();
    TelemetryTopology topology = new TelemetryTopology(config, new LiveSettings(config), registry);
    KafkaStreams streams =
        new KafkaStreams(topology.buildTopology(), streamsProps(kafka, stateDir, suffix));
    streams.start();

    // 2. Sustained throughput: the time to work through the pre-loaded readings.
    // Time-boxed (-Dbench.max.seconds) so that a slow, shared machine still yields a rate.
    // The steady rate leaves out the first bench.steady.from of the readings (stores opening, JIT
    // warming up, first commits).
    long start = 0;
    double startCount = 0;
    long steadyStart = 0;
    double steadyCount = 0;
    long steadyCpuStart = 0;
    long steadyStreamsCpuStart = 0;
    Map<String, Long> steadyThreadCpuStart = Map.of();
    Map<String, Long> steadyNativeCpuStart = Map.of();
    long lastReport = System.nanoTime();
    double lastReportCount = 0;
    long limit = Long.getLong("bench.max.seconds", 600) * 1_000_000_000L;
    while (processed(registry) < readings) {
      if (start == 0 && processed(registry) > 0) {
        start = System.nanoTime();
        startCount = processed(registry);
      }
      if (steadyStart == 0 && processed(registry) >= readings * steadyFrom) {
        steadyStart = System.nanoTime();
        steadyCount = processed(registry);
        steadyCpuStart = processCpuNanos();
        steadyStreamsCpuStart = threadsCpuNanos("bench-" + suffix);
        steadyThreadCpuStart = cpuByThreadGroup();
        steadyNativeCpuStart = NativeThreadCpu.byKind();
      }
      Thread.sleep(20);
      if (streams.state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException("Kafka Streams failed");
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        long now = System.nanoTime();
        double count = processed(registry);
        System.out.printf(
            "bench progress: %.0f readings processed, %.0f/s since the start, %.0f/s in the last"
                + " %.0f s%n",
            count,
            (count - startCount) / ((now - start) / 1e9),
            (count - lastReportCount) / ((now - lastReport) / 1e9),
            (now - lastReport) / 1e9);
        lastReport = now;
        lastReportCount = count;
      }
      if (start != 0 && System.nanoTime() - start > limit) {
        break;
      }
    }
    long end = System.nanoTime();
    // CPU time of the whole JVM (streams, the broker, GC) per reading: steadier than the rate when
    // the machine is shared, and the cost that more cores would divide.
    double cpuMicrosPerReading =
        steadyStart == 0
            ? Double.NaN
            : (processCpuNanos() - steadyCpuStart) / 1e3 / (processed(registry) - steadyCount);
    // The Kafka Streams client's own threads (stream threads, their producers, the global thread):
    // what a deployment against a remote broker (MSK) pays per reading.
    double streamsCpuMicrosPerReading =
        steadyStart == 0
            ? Double.NaN
            : (threadsCpuNanos("bench-" + suffix) - steadyStreamsCpuStart)
                / 1e3
                / (processed(registry) - steadyCount);
    // Where the rest goes: the broker's threads (and the benchmark's own), and what no Java thread
    // accounts for (JIT compiler, RocksDB flush and compaction, and GC threads).
    double javaThreadsCpuMicrosPerReading = Double.NaN;
    String nativeSplit = "";
    if (steadyStart != 0) {
      Map<String, Long> byGroup = cpuByThreadGroup();
      double steadyReadings = processed(registry) - steadyCount;
      long javaThreads = 0;
      List<Map.Entry<String, Long>> groups = new ArrayList<>();
      for (Map.Entry<String, Long> e : byGroup.entrySet()) {
        long spent = e.getValue() - steadyThreadCpuStart.getOrDefault(e.getKey(), 0L);
        javaThreads += spent;
        groups.add(Map.entry(e.getKey(), spent));
      }
      javaThreadsCpuMicrosPerReading = javaThreads / 1e3 / steadyReadings;
      groups.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      for (Map.Entry<String, Long> g : groups.subList(0, Math.min(15, groups.size()))) {
        System.out.printf(
            "bench cpu by thread: %-60s %6.2f µs/reading%n",
            g.getKey(), g.getValue() / 1e3 / steadyReadings);
      }
      nativeSplit = NativeThreadCpu.perReading(steadyNativeCpuStart, steadyReadings);
    }
    double seconds = (end - start) / 1e9;
    double done = processed(registry) - startCount;
    double perSecond = done / seconds;
    double steadyPerSecond =
        steadyStart == 0
            ? perSecond
            : (processed(registry) - steadyCount) / ((end - steadyStart) / 1e9);
    System.gc();
    long heapAfter = usedHeap();

    // 3. Latency reading -> alert under background load.
    List<Long> latencies = measureLatency(kafka, t0 + (readings / meters + 1) * 10_000L);
    // Closing flushes RocksDB's memtables, so the folder then holds the state as SST files.
    streams.close(Duration.ofSeconds(30));
    long stateBytes = size(stateDir, "");
    long sstBytes = size(stateDir, ".sst");

    Collections.sort(latencies);
    String result =
        String.format(
            "meters=%d (registered: %s) readings=%d partitions=%d threads=%d exactly_once_v2"
                + " RocksDB%n"
                + "throughput: %.0f readings/s steady (after the first %.0f %%); %.0f readings/s"
                + " overall (%.0f readings in %.1f s; pre-load produced at %.0f readings/s)%n"
                + "cpu: %.1f µs per reading steady (the whole JVM: streams, broker, GC), of which"
                + " %.1f µs in the Kafka Streams client's threads, %.1f µs in the other Java"
                + " threads (the broker), %.1f µs in native threads (JIT, RocksDB, GC)%s%n"
                + "latency reading->alert (read_committed, %d alerts, background %d readings/s):"
                + " p50=%d ms p99=%d ms max=%d ms%n"
                + "heap growth after processing: %.1f MB; state stores on disk after close: %.1f MB,"
                + " of which SST files %.1f MB (per 100,000 meters: heap %s, state %.1f MB,"
                + " SST %.1f MB)%n",
            meters,
            registered,
            readings,
            partitions,
            threads,
            steadyPerSecond,
            steadyFrom * 100,
            perSecond,
            done,
            seconds,
            readings / produceSeconds,
            cpuMicrosPerReading,
            streamsCpuMicrosPerReading,
            javaThreadsCpuMicrosPerReading - streamsCpuMicrosPerReading,
            cpuMicrosPerReading - javaThreadsCpuMicrosPerReading,
            nativeSplit,
            latencies.size(),
            backgroundRate,
            percentile(latencies, 50),
            percentile(latencies, 99),
            latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
            (heapAfter - heapBefore) / 1e6,
            stateBytes / 1e6,
            sstBytes / 1e6,
            // The heap's growth is mostly fixed (caches, buffers, the JIT's data): scaling it up
            // from a small fleet would mislead.
            meters >= 10_000
                ? String.format("%.1f MB", (heapAfter - heapBefore) / 1e6 * 100_000 / meters)
                : "not scaled below 10,000 meters",
            stateBytes / 1e6 * 100_000 / meters,
            sstBytes / 1e6 * 100_000 / meters);
    System.out.println(result);
    Files.writeString(Path.of("target", "bench-results.txt"), result);
  }

  private List<Long> measureLatency(EmbeddedKafka kafka, long eventBase) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
                consumer.subscribe(List.of(Topics.ALERTS));
                while (running.get()) {
                  for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    Long sent = sentAt.remove(r.key());
                    if (sent != null) {
                      latencies.add((System.nanoTime() - sent) / 1_000_000);
                    }
                  }
                }
              }
            });
    reader.start();
    Thread.sleep(2_000); // let the reader join its group
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      long next = System.nanoTime();
      int sent = 0;
      long i = 0;
      long interval = 1_000_000_000L / Math.max(1, backgroundRate);
      long alertEvery = Math.max(1, backgroundRate / 20); // ~20 alert probes per second
      while (sent < latencyAlerts) {
        long now = System.currentTimeMillis();
        if (i % alertEvery == 0) {
          String id = "probe-" + sent++;
          sentAt.put(id, System.nanoTime());
          producer.send(
              new ProducerRecord<>(
                  Topics.RAW_EVENTS,
                  null,
                  eventBase + i,
                  id,
                  json(reading(id, 20_000, eventBase + i))));
        } else {
          String id = "m-" + (i % meters);
          producer.send(
              new ProducerRecord<>(
                  Topics.RAW_EVENTS,
                  null,
                  eventBase + i,
                  id,
                  json(reading(id, 900, eventBase + i))));
        }
        i++;
        next += interval;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
      producer.flush();
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (!sentAt.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    running.set(false);
    reader.join();
    return new ArrayList<>(latencies);
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the live threads whose name contains {@code name}. */
  private static long threadsCpuNanos(String name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(name)) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /** CPU time of the live Java threads by name, digits folded (one entry per pool). */
  private static Map<String, Long> cpuByThreadGroup() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        String group = info.getThreadName().replaceAll("[0-9a-f]{8}|[0-9]+", "#");
        byGroup.merge(group, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
      }
    }
    return byGroup;
  }

  private static Device registryEntry(String id, int meter) {
    return new Device(
        id,
        "smart-meter",
        "c-" + meter % 1000,
        meter % 97 + " Grid Street, Region-" + meter % 50,
        "ACTIVE",
        52.0 + meter % 1000 / 1000.0,
        13.0 + meter % 997 / 1000.0,
        null);
  }

  private static CanonicalReading reading(String id, double value, long eventTime) {
    return new CanonicalReading(
        id, "smart-meter", "power_w", value, "W", eventTime, eventTime, null, SOURCE);
  }

  private static String json(Object value) {
    try {
      return ContractJson.mapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PipelineConfig config() {
    Map<String, String> props = new HashMap<>();
    props.put("pipeline.detection.thresholds.smart-meter.power_w.critical-above", "15000");
    // -Dpipeline.<key>=<value> tries a pipeline setting, e.g.
    // pipeline.outputs.sessions.enabled=false.
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("pipeline."))
        .forEach(k -> props.put(k, System.getProperty(k)));
    return new SmallRyeConfigBuilder()
        .withMapping(PipelineConfig.class)
        .withConverter(Duration.class, 100, new DurationConverter())
        .withSources(new PropertiesConfigSource(props, "bench", 500))
        .build()
        .getConfigMapping(PipelineConfig.class);
  }

  /**
   * The service's own Kafka Streams settings ({@code kafka-streams.*} of application.properties, as
   * they ship), so that the benchmark measures the configuration that ships; only the broker,
   * application id, state folder and thread count are the benchmark's.
   */
  private Properties streamsProps(EmbeddedKafka kafka, Path stateDir, String suffix)
      throws IOException {
    Properties p = ShippedStreamsSettings.load(key -> true);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + suffix);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // -Dbench.streams.<key>=<value> tries a setting without editing application.properties.
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench.streams."))
        .forEach(k -> p.put(k.substring("bench.streams.".length()), System.getProperty(k)));
    System.out.println("bench streams config: " + new java.util.TreeMap<>(p));
    return p;
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static double processed(SimpleMeterRegistry registry) {
    var counter = registry.find("pipeline.readings.processed").counter();
    return counter == null ? 0 : counter.count();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Bytes of the regular files under {@code dir} whose names end with {@code suffix}. */
  private static long size(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
