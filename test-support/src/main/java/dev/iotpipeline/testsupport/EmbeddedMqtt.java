package dev.iotpipeline.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.hivemq.embedded.EmbeddedHiveMQ;

/**
 * A real MQTT 3.1.1/5 broker (HiveMQ Community Edition, embedded), standing in for AWS IoT Core's
 * message broker. Bound to loopback only, anonymous usage statistics off.
 *
 * <p>HiveMQ configures Logback itself: it needs Logback as the JVM's SLF4J binding, so it cannot
 * run inside a Quarkus application (JBoss LogManager's binding). Run it in a plain JVM, or exclude
 * {@code org.jboss.slf4j:slf4j-jboss-logmanager} from that test classpath.
 */
public final class EmbeddedMqtt implements AutoCloseable {

  private final EmbeddedHiveMQ broker;
  private final int port;

  private EmbeddedMqtt(EmbeddedHiveMQ broker, int port) {
    this.broker = broker;
    this.port = port;
  }

  /** Starts a broker on a free loopback port with a fresh data folder. */
  public static EmbeddedMqtt start() {
    try {
      return start(FreePorts.next(), Files.createTempDirectory("embedded-mqtt-"));
    } catch (IOException e) {
      throw new IllegalStateException("No folder for the embedded MQTT broker", e);
    }
  }

  /** Starts a broker on the given loopback port, keeping its state under {@code folder}. */
  public static EmbeddedMqtt start(int port, Path folder) {
    try {
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
      EmbeddedHiveMQ broker =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(config)
              .withDataFolder(data)
              .withExtensionsFolder(extensions)
              .build();
      broker.start().join();
      return new EmbeddedMqtt(broker, port);
    } catch (IOException e) {
      throw new IllegalStateException("The embedded MQTT broker did not start", e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:<port>} */
  public String serverUri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    broker.stop().join();
    try {
      broker.close();
    } catch (Exception e) {
      System.err.println("Embedded MQTT broker did not close cleanly: " + e);
    }
  }
}
