package dev.iotpipeline.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.iotpipeline.streams.topology.TelemetryTopology;
import dev.iotpipeline.testsupport.EmbeddedKafka;
import dev.iotpipeline.testsupport.FreePorts;
import dev.iotpipeline.testsupport.HttpReceiver;

/**
 * Two instances of one Kafka Streams application on the real broker, each owning one of the two
 * partitions: the instance asked for a key answers itself when it owns it, and otherwise forwards
 * the query to the owner and hands back the owner's answer. The owner's HTTP API is a recording
 * receiver here (the service's own resource is in {@code StreamsServiceIntegrationTest}).
 */
class StateOwnersIntegrationTest {

  private static final String STORE = TelemetryTopology.DEVICE_STATE_STORE;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static HttpReceiver ownerApi;
  private static HostInfo self;
  private static HostInfo other;
  private static KafkaStreams here;
  private static KafkaStreams there;

  @BeforeAll
  static void twoInstances() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    String topic = "owners-" + UUID.randomUUID();
    kafka.createTopics(2, topic);
    String applicationId = "owners-test-" + UUID.randomUUID();
    ownerApi = HttpReceiver.start();
    self = new HostInfo("127.0.0.1", FreePorts.next()); // nothing listens: never called
    other = new HostInfo("127.0.0.1", ownerApi.port());
    here = start(kafka, topic, applicationId, self);
    there = start(kafka, topic, applicationId, other);
    awaitAssigned(here, there, 2);
  }

  @AfterAll
  static void stop() {
    here.close(Duration.ofSeconds(10));
    there.close(Duration.ofSeconds(10));
    ownerApi.close();
  }

  @BeforeEach
  void answerNormally() {
    ownerApi.reset();
  }

  @Test
  void keysOfThePartitionThisInstanceOwnsAreAnsweredHereAndTheOthersNameTheirOwner() {
    StateOwners owners = new StateOwners(here, STORE, self);
    List<String> keys = IntStream.range(0, 40).mapToObj(i -> "meter-" + i).toList();

    List<String> local = keys.stream().filter(k -> owners.remoteOwner(k).isEmpty()).toList();
    List<String> remote = keys.stream().filter(k -> owners.remoteOwner(k).isPresent()).toList();

    assertThat(local).isNotEmpty().allMatch(ownedBy(self));
    assertThat(remote).isNotEmpty().allMatch(ownedBy(other));
    assertThat(remote).allMatch(k -> owners.remoteOwner(k).equals(Optional.of(other)));
  }

  @Test
  void anInstanceWithoutAnAddressAnswersEveryKeyItselfAndKnowsNoOthers() {
    StateOwners alone = new StateOwners(here, STORE, null);

    assertThat(IntStream.range(0, 40).mapToObj(i -> alone.remoteOwner("meter-" + i)))
        .allMatch(Optional::isEmpty);
    assertThat(alone.others()).isEmpty();
  }

  @Test
  void theOtherInstancesAreEveryAdvertisedAddressButThisOne() {
    assertThat(new StateOwners(here, STORE, self).others()).containsExactly(other);
    assertThat(new StateOwners(there, STORE, other).others()).containsExactly(self);
  }

  @Test
  void aForwardedQueryIsMarkedWithTheForwarderAndTheOwnersAnswerComesBackUnchanged() {
    String key = keyOwnedBy(other);
    ownerApi.answer(404, "{\"error\":\"Nothing known of sensor " + key + "\"}");

    PeerQueries.Answer answer =
        new PeerQueries(Duration.ofSeconds(5), "127.0.0.1:" + self.port())
            .get(other, "/api/sensors/" + key, null)
            .toCompletableFuture()
            .join();

    assertThat(answer.status()).isEqualTo(404);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"Nothing known of sensor " + key + "\"}");
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.servedBy()).isEqualTo("127.0.0.1:" + other.port());
    List<LoggedRequest> received = ownerApi.requests("/api/sensors/" + key);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).getHeader(PeerQueries.FORWARDED_BY))
        .isEqualTo("127.0.0.1:" + self.port());
  }

  @Test
  void aSensorIdThatNeedsEncodingAndAQueryReachTheOwnerAsGiven() {
    PeerQueries peers = new PeerQueries(Duration.ofSeconds(5), "self");

    peers.get(other, "/api/sensors/meter 7/ä", null).toCompletableFuture().join();
    peers.get(other, "/api/sensors", "limit=5").toCompletableFuture().join();

    assertThat(ownerApi.requests())
        .extracting(LoggedRequest::getUrl)
        .containsExactly("/api/sensors/meter%207/%C3%A4", "/api/sensors?limit=5");
  }

  @Test
  void anOwnerThatDoesNotAnswerInTimeIsReportedByAddress() {
    ownerApi.hang("/api/sensors/slow", 3_000);
    PeerQueries peers = new PeerQueries(Duration.ofMillis(300), "self");

    assertThatThrownBy(
            () -> peers.get(other, "/api/sensors/slow", null).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(PeerQueries.PeerUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + other.port())
        .hasMessageContaining("did not answer");
    // The owner answers after all, too late; let it, so that the next test starts clean.
    await().atMost(WAIT).until(() -> ownerApi.requests("/api/sensors/slow").size() == 1);
  }

  @Test
  void anOwnerThatIsGoneIsReportedByAddress() {
    HostInfo gone = new HostInfo("127.0.0.1", FreePorts.next());
    PeerQueries peers = new PeerQueries(Duration.ofSeconds(2), "self");

    assertThatThrownBy(() -> peers.get(gone, "/api/sensors/m-1", null).toCompletableFuture().join())
        .cause()
        .isInstanceOf(PeerQueries.PeerUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + gone.port());
  }

  @Test
  void anInstanceWithoutAnActivePartitionListsNoDevicesInsteadOfFailing() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    String topic = "owners-single-" + UUID.randomUUID();
    kafka.createTopics(1, topic);
    String applicationId = "owners-single-test-" + UUID.randomUUID();
    KafkaStreams first = start(kafka, topic, applicationId, new HostInfo("127.0.0.1", 1));
    KafkaStreams second = start(kafka, topic, applicationId, new HostInfo("127.0.0.1", 2));
    try {
      awaitAssigned(first, second, 1);
      KafkaStreams idle =
          first.metadataForLocalThreads().stream().anyMatch(t -> t.activeTasks().isEmpty())
              ? first
              : second;
      SensorQueries queries = new SensorQueries();
      queries.streams = idle;

      assertThat(queries.devices(10)).isEmpty();
    } finally {
      first.close(Duration.ofSeconds(10));
      second.close(Duration.ofSeconds(10));
    }
  }

  /** Until both instances run and the topic's partitions are spread, at most one each. */
  private static void awaitAssigned(KafkaStreams first, KafkaStreams second, int partitions) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                first.state() == KafkaStreams.State.RUNNING
                    && second.state() == KafkaStreams.State.RUNNING
                    && first.metadataForAllStreamsClients().size() == 2
                    && first.metadataForAllStreamsClients().stream()
                        .allMatch(client -> client.topicPartitions().size() <= 1)
                    && first.metadataForAllStreamsClients().stream()
                            .mapToInt(client -> client.topicPartitions().size())
                            .sum()
                        == partitions);
  }

  private static Predicate<String> ownedBy(HostInfo host) {
    return key ->
        here.queryMetadataForKey(STORE, key, Serdes.String().serializer())
            .activeHost()
            .equals(host);
  }

  private static String keyOwnedBy(HostInfo host) {
    return IntStream.range(0, 100)
        .mapToObj(i -> "meter-" + i)
        .filter(ownedBy(host))
        .findFirst()
        .orElseThrow();
  }

  private static KafkaStreams start(
      EmbeddedKafka kafka, String topic, String applicationId, HostInfo server) throws Exception {
    StreamsBuilder builder = new StreamsBuilder();
    builder.table(
        topic,
        Consumed.with(Serdes.String(), Serdes.String()),
        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE));
    Topology topology = builder.build();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.host() + ":" + server.port());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    Path stateDir = Files.createTempDirectory("owners-state");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    KafkaStreams streams = new KafkaStreams(topology, props);
    streams.start();
    return streams;
  }
}
