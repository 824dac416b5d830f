package dev.iotpipeline.local.aws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iotpipeline.contracts.ContractJson;

/**
 * Behaves like an AWS Lambda event source mapping for Amazon MSK: one consumer group per mapping;
 * it gathers up to {@code batchSize} records or until the batching window closes, invokes the
 * function with the MSK event, retries a failed batch up to {@code maxRetries} times (the partition
 * waits meanwhile, keeping order), then sends a failure record to the on-failure destination topic.
 * Offsets are committed only after the batch succeeded or went to the destination.
 */
public final class EventSourceMapping implements AutoCloseable {

  /** The on-failure destination of every local mapping. */
  public static final String FAILURE_TOPIC = "iot-esm-failures";

  private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);
  private static final String CLUSTER_ARN =
      "arn:aws:kafka:us-east-1:000000000000:cluster/iot-pipeline-local/local";

  private final String name;
  private final String bootstrapServers;
  private final List<String> topics;
  private final LambdaRuntimeApi function;
  private final int batchSize;
  private final Duration window;
  private final int maxRetries;
  private final KafkaProducer<byte[], byte[]> failureProducer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final java.util.ArrayDeque<ConsumerRecord<byte[], byte[]>> carry =
      new java.util.ArrayDeque<>();
  private volatile boolean running = true;

  public EventSourceMapping(
      String name,
      String bootstrapServers,
      List<String> topics,
      LambdaRuntimeApi function,
      int batchSize,
      int batchingWindowMs,
      int maxRetries,
      KafkaProducer<byte[], byte[]> failureProducer) {
    this.name = name;
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.function = function;
    this.batchSize = batchSize;
    this.window = Duration.ofMillis(batchingWindowMs);
    this.maxRetries = maxRetries;
    this.failureProducer = failureProducer;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "lambda-esm-" + name);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Streams-service writes transactionally: a function must never see aborted alerts.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(config);
    this.thread = new Thread(this::run, "esm-" + name);
  }

  public String name() {
    return name;
  }

  public List<String> topics() {
    return topics;
  }

  /** Starts polling. */
  public EventSourceMapping start() {
    thread.start();
    return this;
  }

  public long batches() {
    return batches.get();
  }

  public long records() {
    return records.get();
  }

  public long failedBatches() {
    return failedBatches.get();
  }

  private void run() {
    try {
      consumer.subscribe(topics);
      while (running) {
        List<ConsumerRecord<byte[], byte[]>> batch = gather();
        if (!batch.isEmpty() && running) {
          deliver(batch);
          commit(batch);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> gather() {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    while (running && batch.size() < batchSize) {
      if (!carry.isEmpty()) {
        batch.add(carry.removeFirst());
        continue;
      }
      long remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (remaining <= 0 && !batch.isEmpty()) {
        break;
      }
      ConsumerRecords<byte[], byte[]> polled =
          consumer.poll(Duration.ofMillis(batch.isEmpty() ? 1000 : remaining));
      if (batch.isEmpty() && polled.isEmpty()) {
        // Nothing arrived: the window starts with the first record of the next batch.
        deadline = System.nanoTime() + window.toNanos();
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> r : polled) {
        if (batch.size() < batchSize) {
          batch.add(r);
        } else {
          carry.addLast(r);
        }
      }
    }
    return batch;
  }

  private void deliver(List<ConsumerRecord<byte[], byte[]>> batch) throws InterruptedException {
    byte[] event = json(AwsEvents.msk(CLUSTER_ARN, bootstrapServers, batch));
    String lastError = null;
    for (int attempt = 0; attempt <= maxRetries && running; attempt++) {
      try {
        function.invoke(event).get(5, TimeUnit.MINUTES);
        batches.incrementAndGet();
        records.addAndGet(batch.size());
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        lastError = e.getCause() == null ? e.toString() : e.getCause().getMessage();
        LOG.warn(
            "{}: batch of {} records failed (attempt {} of {}): {}",
            name,
            batch.size(),
            attempt + 1,
            maxRetries + 1,
            lastError);
        Thread.sleep(Math.min(10_000L, 250L << attempt));
      }
    }
    if (!running) {
      return;
    }
    failedBatches.incrementAndGet();
    byte[] failure =
        json(
            AwsEvents.mskFailure(
                function.functionArn(), CLUSTER_ARN, maxRetries + 1, lastError, batch));
    try {
      failureProducer
          .send(new ProducerRecord<>(FAILURE_TOPIC, name.getBytes(StandardCharsets.UTF_8), failure))
          .get(30, TimeUnit.SECONDS);
      LOG.error(
          "{}: batch of {} records sent to {} after {} attempts",
          name,
          batch.size(),
          FAILURE_TOPIC,
          maxRetries + 1);
    } catch (Exception e) {
      throw new IllegalStateException(
          name + ": the on-failure destination " + FAILURE_TOPIC + " did not take the batch", e);
    }
  }

  private void commit(List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      offsets.merge(
          new TopicPartition(r.topic(), r.partition()),
          new OffsetAndMetadata(r.offset() + 1),
          (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    consumer.commitSync(offsets);
  }

  private static byte[] json(Object node) {
    try {
      return ContractJson.mapper().writeValueAsBytes(node);
    } catch (Exception e) {
      throw new IllegalStateException("Event did not serialise", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(15_000);
  }
}
