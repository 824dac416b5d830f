package dev.iotpipeline.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker/controller node), started once per
 * JVM on a free port and stopped when the JVM exits. Transactions work against it, so exactly-once
 * Kafka Streams runs on it as on MSK.
 */
public final class EmbeddedKafka {

  private static EmbeddedKafka instance;

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts the broker on first use; later calls return the running one. */
  public static synchronized EmbeddedKafka start() {
    if (instance == null) {
      keepKafkaFromEndingTheJvm();
      instance = new EmbeddedKafka(startCluster());
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "embedded-kafka-stop"));
    }
    return instance;
  }

  /**
   * The broker runs inside a test JVM: a fault that makes Kafka call {@code Exit.exit}/{@code
   * Exit.halt} (for instance while it stops in the shutdown hook) would end that JVM with a
   * non-zero code after every test passed, which surefire reports only as "Error occurred in
   * starting fork" (seen once in CI). Report such a call with its stack instead, and let the JVM
   * end on its own.
   */
  private static void keepKafkaFromEndingTheJvm() {
    Exit.setExitProcedure((code, message) -> reportExit("Exit.exit", code, message));
    Exit.setHaltProcedure((code, message) -> reportExit("Exit.halt", code, message));
  }

  private static void reportExit(String call, int code, String message) {
    new IllegalStateException(
            "Embedded Kafka called " + call + "(" + code + "): " + message + " (not exiting)")
        .printStackTrace();
  }

  private static KafkaClusterTestKit startCluster() {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              // One broker: every internal topic must be satisfied by a single replica.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "5")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "5")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "true")
              .setConfigProp("num.partitions", "1")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception e) {
      throw new IllegalStateException("The embedded Kafka broker did not start", e);
    }
  }

  /** The {@code host:port} list for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics that do not exist yet, each with the given partition count. */
  public void createTopics(int partitions, String... topics) {
    createTopics(partitions, Map.of(), topics);
  }

  /** Creates topics that do not exist yet, with topic configs (e.g. cleanup.policy=compact). */
  public void createTopics(int partitions, Map<String, String> configs, String... topics) {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, (short) 1).configs(configs));
        }
      }
      admin.createTopics(missing).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Could not create topics", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  /** An admin client on this broker; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(props);
  }

  /** Sends string records and waits until the broker acknowledged each one. */
  public void send(String topic, Map<String, String> keyedValues) {
    try (KafkaProducer<String, String> producer = stringProducer()) {
      for (Map.Entry<String, String> entry : keyedValues.entrySet()) {
        producer.send(new ProducerRecord<>(topic, entry.getKey(), entry.getValue())).get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not send to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending to " + topic, e);
    }
  }

  /** A string producer with acks=all; the caller closes it. */
  public KafkaProducer<String, String> stringProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(props);
  }

  /**
   * Reads the given topics from the beginning with read_committed isolation until {@code expected}
   * records arrived or the timeout passed, then returns what arrived (so a test can assert that
   * nothing more came).
   */
  public List<ConsumerRecord<String, String>> read(
      Collection<String> topics, int expected, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(topics);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Reads one topic; see {@link #read(Collection, int, Duration)}. */
  public List<ConsumerRecord<String, String>> read(String topic, int expected, Duration timeout) {
    return read(List.of(topic), expected, timeout);
  }

  /** Deletes the given topics if they exist (tests isolate themselves with fresh topics). */
  public void deleteTopics(String... topics) {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get();
      admin
          .deleteTopics(
              java.util.Arrays.stream(topics)
                  .filter(existing::contains)
                  .collect(Collectors.toList()))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not delete topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while deleting topics", e);
    }
  }

  private void stop() {
    try {
      cluster.close();
    } catch (Exception e) {
      // The JVM is exiting; say so rather than hide it.
      System.err.println("Embedded Kafka did not stop cleanly: " + e);
    }
  }
}
