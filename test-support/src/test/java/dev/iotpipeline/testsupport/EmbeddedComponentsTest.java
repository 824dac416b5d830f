package dev.iotpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class EmbeddedComponentsTest {

  @Test
  void kafkaBrokerStoresAndReturnsKeyedRecords() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    kafka.createTopics(2, "support-test");

    kafka.send("support-test", Map.of("m-1", "hello"));
    List<ConsumerRecord<String, String>> records =
        kafka.read("support-test", 1, Duration.ofSeconds(20));

    assertThat(records).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("m-1"));
    assertThat(records.get(0).value()).isEqualTo("hello");
  }

  @Test
  void postgresAnswersSqlOverJdbc() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.start();

    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        ResultSet result = connection.createStatement().executeQuery("select 40 + 2")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void s3ServerRoundTripsAnObjectWithSigV4() {
    EmbeddedS3 s3 = EmbeddedS3.start();
    s3.createBucket("support-bucket");
    try (S3Client client =
        S3Client.builder()
            .endpointOverride(s3.endpoint())
            .forcePathStyle(true)
            .region(Region.of(EmbeddedS3.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      client.putObject(b -> b.bucket("support-bucket").key("a/b.txt"), RequestBody.fromString("x"));

      String read =
          client.getObjectAsBytes(b -> b.bucket("support-bucket").key("a/b.txt")).asUtf8String();
      assertThat(read).isEqualTo("x");
    }
  }

  @Test
  void mqttBrokerDeliversAPublishToASubscriber() throws Exception {
    try (EmbeddedMqtt mqtt = EmbeddedMqtt.start()) {
      Mqtt5BlockingClient subscriber = client(mqtt, "sub");
      Mqtt5BlockingClient publisher = client(mqtt, "pub");
      subscriber.subscribeWith().topicFilter("dt/+/+/telemetry").send();
      CompletableFuture<Mqtt5Publish> received = new CompletableFuture<>();
      subscriber
          .toAsync()
          .publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, received::complete);

      publisher.publishWith().topic("dt/smart-meter/m-1/telemetry").payload("{}".getBytes()).send();

      Mqtt5Publish publish = received.get(10, TimeUnit.SECONDS);
      assertThat(publish.getTopic().toString()).isEqualTo("dt/smart-meter/m-1/telemetry");
      subscriber.disconnect();
      publisher.disconnect();
    }
  }

  @Test
  void httpReceiverRecordsRequestsAndFailsWhenTold() throws Exception {
    try (HttpReceiver receiver = HttpReceiver.start()) {
      receiver.failNext("/v2/enqueue", 2, 429);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(receiver.baseUrl() + "/v2/enqueue"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
              .build();

      int first = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      int second = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      int third = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();

      assertThat(List.of(first, second, third)).containsExactly(429, 429, 202);
      assertThat(receiver.requests("/v2/enqueue")).hasSize(3);
      assertThat(receiver.requests("/v2/enqueue").get(0).getBodyAsString())
          .isEqualTo(new String("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static Mqtt5BlockingClient client(EmbeddedMqtt mqtt, String id) {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(id)
            .serverHost("127.0.0.1")
            .serverPort(mqtt.port())
            .buildBlocking();
    client.connect();
    return client;
  }
}
