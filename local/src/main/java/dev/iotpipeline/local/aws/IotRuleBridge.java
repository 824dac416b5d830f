package dev.iotpipeline.local.aws;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import dev.iotpipeline.local.component.LocalMqtt.PresenceChange;

/**
 * The IoT Core rules engine, locally: the telemetry rule ({@code FROM 'dt/+/+/telemetry'}) and the
 * lifecycle rule ({@code FROM '$aws/events/presence/+/+'}) invoke the ingest function with the
 * event JSON those rules produce. (IoT Core also publishes lifecycle events on reserved {@code
 * $aws/} topics; an MQTT broker refuses client publishes on {@code $} topics, so only the rule is
 * served.)
 */
public final class IotRuleBridge implements AutoCloseable {

  /** The rule engine's own client id: its connection is no device's presence. */
  public static final String CLIENT_ID = "local-iot-rules-engine";

  private static final String TELEMETRY_FILTER = "dt/+/+/telemetry";

  private final IngestEdge ingest;
  private final Mqtt5AsyncClient client;
  private final ExecutorService rules =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "iot-rule-telemetry"));

  public IotRuleBridge(int mqttPort, IngestEdge ingest) throws Exception {
    this.ingest = ingest;
    this.client =
        Mqtt5Client.builder()
            .identifier(CLIENT_ID)
            .serverHost("127.0.0.1")
            .serverPort(mqttPort)
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
    // Manual acknowledgement on a thread of our own: the broker's flow control (receive maximum)
    // then holds devices back while the function is busy, instead of buffering without bound.
    client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onTelemetry, rules, true);
    client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
    client
        .subscribeWith()
        .topicFilter(TELEMETRY_FILTER)
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .get(30, TimeUnit.SECONDS);
  }

  private void onTelemetry(Mqtt5Publish publish) {
    String topic = publish.getTopic().toString();
    // IoT Core's clientid() is the publisher's; HiveMQ does not forward it, and devices here use
    // their sensor id as client id (as the onboarding tells them to), which the topic names.
    String[] levels = topic.split("/");
    String clientId = levels.length >= 3 ? levels[2] : "";
    ingest
        .invoke(
            "mqtt",
            AwsEvents.iotRule(
                publish.getPayloadAsBytes(), topic, clientId, System.currentTimeMillis()))
        .whenComplete((ok, failure) -> publish.acknowledge());
  }

  /** A device connected or disconnected: the lifecycle rule's invocation. */
  public void onPresence(PresenceChange change) {
    if (CLIENT_ID.equals(change.clientId()) || change.clientId().startsWith("local-")) {
      return;
    }
    var event =
        AwsEvents.lifecycle(
            change.clientId(), change.connected(), change.timestamp(), change.reason());
    ingest.invoke("lifecycle", event);
  }

  @Override
  public void close() throws Exception {
    try {
      client.disconnect().get(10, TimeUnit.SECONDS);
    } finally {
      rules.shutdownNow();
    }
  }
}
