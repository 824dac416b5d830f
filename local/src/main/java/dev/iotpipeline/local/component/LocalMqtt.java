package dev.iotpipeline.local.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * The IoT Core message broker stand-in: HiveMQ CE, embedded, on loopback, with an embedded
 * extension that observes client connects and disconnects, as IoT Core's lifecycle events do.
 */
public final class LocalMqtt implements AutoCloseable {

  /** A client connected ({@code connected=true}) or went away. */
  public record PresenceChange(String clientId, boolean connected, long timestamp, String reason) {}

  private final EmbeddedHiveMQ broker;
  private final int port;

  private LocalMqtt(EmbeddedHiveMQ broker, int port) {
    this.broker = broker;
    this.port = port;
  }

  /** Starts the broker on {@code port}, keeping sessions under {@code folder}. */
  public static LocalMqtt start(Path folder, int port, Consumer<PresenceChange> presence)
      throws Exception {
    Path config = Files.createDirectories(folder.resolve("conf"));
    Path data = Files.createDirectories(folder.resolve("data"));
    Path extensions = Files.createDirectories(folder.resolve("extensions"));
    Files.writeString(
        config.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    EmbeddedExtension lifecycle =
        EmbeddedExtension.builder()
            .withId("local-iot-lifecycle")
            .withName("IoT Core lifecycle events")
            .withVersion("1")
            .withAuthor("iot-pipeline")
            .withPriority(0)
            .withStartPriority(1000)
            .withExtensionMain(new LifecycleExtension(presence))
            .build();
    EmbeddedHiveMQ broker =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(config)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            .withEmbeddedExtension(lifecycle)
            // Our logback.xml, not HiveMQ's own: HiveMQ would otherwise reconfigure the JVM's
            // logging.
            .withoutLoggingBootstrap()
            .build();
    broker.start().join();
    return new LocalMqtt(broker, port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    broker.stop().join();
    broker.close();
  }

  private static final class LifecycleExtension implements ExtensionMain {

    private final Consumer<PresenceChange> presence;

    LifecycleExtension(Consumer<PresenceChange> presence) {
      this.presence = presence;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      Services.eventRegistry()
          .setClientLifecycleEventListener(
              providerInput ->
                  new ClientLifecycleEventListener() {
                    @Override
                    public void onMqttConnectionStart(ConnectionStartInput in) {
                      // Connected only once authenticated, as IoT Core reports it.
                    }

                    @Override
                    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput in) {
                      presence.accept(
                          new PresenceChange(
                              in.getClientInformation().getClientId(),
                              true,
                              System.currentTimeMillis(),
                              null));
                    }

                    @Override
                    public void onDisconnect(DisconnectEventInput in) {
                      presence.accept(
                          new PresenceChange(
                              in.getClientInformation().getClientId(),
                              false,
                              System.currentTimeMillis(),
                              in.getReasonCode().map(Enum::name).orElse("CONNECTION_LOST")));
                    }
                  });
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
      // Nothing to release: the listener goes with the broker.
    }
  }
}
