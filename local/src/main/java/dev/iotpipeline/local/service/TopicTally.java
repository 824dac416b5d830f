package dev.iotpipeline.local.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;

/**
 * Counts what the pipeline wrote to each topic since the data folder was created (it reads from the
 * beginning, committed records only, and keeps no offsets), with rates over the last seconds and
 * the most recent dead letters: the per-stage counters of the dashboard and the end-to-end test.
 */
public final class TopicTally implements AutoCloseable {

  private static final int KEEP = 100;

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<String> topics;
  private final Thread thread;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> byKey = new ConcurrentHashMap<>();
  private final Map<String, Deque<long[]>> samples = new ConcurrentHashMap<>();
  private final Deque<JsonNode> recentDeadLetters = new ArrayDeque<>();
  private final Deque<JsonNode> recentAggregates = new ArrayDeque<>();
  private final Map<String, java.util.function.LongSupplier> gauges = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  public TopicTally(String bootstrapServers, List<String> topics) {
    this.topics = topics;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-tally-" + System.nanoTime());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(config);
    topics.forEach(t -> counts.put(t, new AtomicLong()));
    this.thread = new Thread(this::run, "topic-tally");
    thread.setDaemon(true);
  }

  public TopicTally start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      consumer.subscribe(topics);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          counts.computeIfAbsent(r.topic(), t -> new AtomicLong()).incrementAndGet();
          detail(r);
        }
        sample();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void detail(ConsumerRecord<String, byte[]> r) {
    if (!r.topic().equals("iot-dlq")
        && !r.topic().equals("iot-alerts")
        && !r.topic().equals("iot-aggregates-5m")) {
      return;
    }
    try {
      JsonNode value = ContractJson.mapper().readTree(r.value());
      if (r.topic().equals("iot-aggregates-5m")) {
        keep(recentAggregates, value);
      } else if (r.topic().equals("iot-dlq")) {
        increment("iot-dlq.reason." + value.path("reason").asText("UNKNOWN"));
        keep(recentDeadLetters, value);
      } else {
        increment("iot-alerts.severity." + value.path("severity").asText("UNKNOWN"));
        increment("iot-alerts.status." + value.path("status").asText("UNKNOWN"));
        increment("iot-alerts.type." + value.path("type").asText("UNKNOWN"));
      }
    } catch (Exception e) {
      increment(r.topic() + ".unreadable");
    }
  }

  private static void keep(Deque<JsonNode> recent, JsonNode value) {
    synchronized (recent) {
      recent.addFirst(value);
      while (recent.size() > KEEP) {
        recent.removeLast();
      }
    }
  }

  /** Adds a counter kept elsewhere (e.g. messages into the ingest function) to the rates. */
  public void gauge(String name, java.util.function.LongSupplier value) {
    gauges.put(name, value);
  }

  private void increment(String key) {
    byKey.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private void sample() {
    long now = System.currentTimeMillis();
    Map<String, Long> values = new HashMap<>();
    counts.forEach((topic, count) -> values.put(topic, count.get()));
    gauges.forEach((name, gauge) -> values.put(name, gauge.getAsLong()));
    values.forEach(
        (topic, count) -> {
          Deque<long[]> s = samples.computeIfAbsent(topic, t -> new ArrayDeque<>());
          synchronized (s) {
            s.addLast(new long[] {now, count});
            while (s.size() > 2 && now - s.peekFirst()[0] > 10_000) {
              s.removeFirst();
            }
          }
        });
  }

  /** Records seen per topic. */
  public Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** Records per second per topic over the last ~10 s. */
  public Map<String, Double> rates() {
    Map<String, Double> rates = new TreeMap<>();
    samples.forEach(
        (topic, s) -> {
          synchronized (s) {
            if (s.size() >= 2) {
              long[] first = s.peekFirst();
              long[] last = s.peekLast();
              double seconds = Math.max(1, last[0] - first[0]) / 1000.0;
              rates.put(topic, Math.round((last[1] - first[1]) / seconds * 10) / 10.0);
            }
          }
        });
    return rates;
  }

  /** Breakdowns: dead letters by reason, alerts by severity, status and type. */
  public Map<String, Long> breakdown() {
    Map<String, Long> copy = new TreeMap<>();
    byKey.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** The latest dead letters, newest first. */
  public List<JsonNode> recentDeadLetters(int limit) {
    return recent(recentDeadLetters, limit);
  }

  /** The latest 5-minute aggregates, newest first. */
  public List<JsonNode> recentAggregates(int limit) {
    return recent(recentAggregates, limit);
  }

  private static List<JsonNode> recent(Deque<JsonNode> recent, int limit) {
    synchronized (recent) {
      List<JsonNode> list = new ArrayList<>();
      for (JsonNode n : recent) {
        if (list.size() >= limit) {
          break;
        }
        list.add(n);
      }
      return list;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
