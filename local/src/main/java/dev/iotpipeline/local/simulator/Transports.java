package dev.iotpipeline.local.simulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

/**
 * How simulated devices reach the pipeline: one MQTT connection per MQTT device (client id = sensor
 * id, so the broker's lifecycle events name the device), HTTP POSTs and CoAP POSTs.
 */
final class Transports implements AutoCloseable {

  static {
    CoapConfig.register();
    UdpConfig.register();
  }

  private final SimulatorOptions options;
  private final Map<String, Mqtt5AsyncClient> mqtt = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ExecutorService coapThreads = Executors.newFixedThreadPool(4);
  private final CoapEndpoint coapEndpoint;

  Transports(SimulatorOptions options) {
    this.options = options;
    Configuration config = Configuration.createStandardWithoutFile();
    this.coapEndpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .build();
  }

  /** Connects an MQTT device; its connection is what IoT Core's lifecycle events report. */
  CompletableFuture<Void> connect(SimDevice device) {
    Mqtt5AsyncClient client =
        Mqtt5Client.builder()
            .identifier(device.id)
            .serverHost("127.0.0.1")
            .serverPort(options.mqttPort)
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
    mqtt.put(device.id, client);
    return client.connectWith().cleanStart(true).send().thenApply(ack -> null);
  }

  /** Sends one message; completes when the broker or endpoint took it (any status). */
  CompletableFuture<Integer> send(SimDevice device, byte[] payload) {
    return switch (device.transport) {
      case MQTT ->
          mqtt.get(device.id)
              .publishWith()
              .topic("dt/" + device.kind.deviceType + "/" + device.id + "/telemetry")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(payload)
              .send()
              .thenApply(r -> 0);
      case HTTP ->
          http.sendAsync(
                  HttpRequest.newBuilder(
                          URI.create(
                              options.httpBase
                                  + "/telemetry/"
                                  + device.kind.deviceType
                                  + "/"
                                  + device.id))
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", Payloads.contentType(device.format))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .thenApply(HttpResponse::statusCode);
      case COAP ->
          CompletableFuture.supplyAsync(
              () -> {
                CoapClient client =
                    new CoapClient(
                        "coap://127.0.0.1:"
                            + options.coapPort
                            + "/telemetry/"
                            + device.kind.deviceType
                            + "/"
                            + device.id);
                client.setEndpoint(coapEndpoint);
                client.setTimeout(60_000L);
                try {
                  CoapResponse response = client.post(payload, Payloads.coapFormat(device.format));
                  return response == null ? -1 : response.getCode().value;
                } catch (Exception e) {
                  return -1;
                } finally {
                  client.shutdown();
                }
              },
              coapThreads);
    };
  }

  @Override
  public void close() {
    mqtt.values()
        .forEach(
            c -> {
              try {
                c.disconnect().get(5, TimeUnit.SECONDS);
              } catch (Exception e) {
                // Already gone (the broker stopped first): a lost connection is what it reports.
              }
            });
    coapThreads.shutdownNow();
    coapEndpoint.destroy();
  }
}
