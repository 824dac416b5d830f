package dev.iotpipeline.local.component;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.local.config.SettingException;

class PortsTest {

  @Test
  void aPortInUseStopsWithOneLineNamingThePortTheComponentAndTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> Ports.requireFreeTcp(port, "Kafka", "local.kafka.port"))
          .isInstanceOf(SettingException.class)
          .hasMessage(
              "Port "
                  + port
                  + "/tcp for Kafka is in use: stop what holds it, or choose another port with"
                  + " -Dlocal.kafka.port=<port>");
    }
  }

  @Test
  void aFreePortPasses() {
    int port = Ports.free();

    assertThatCode(() -> Ports.requireFreeTcp(port, "MQTT", "local.mqtt.port"))
        .doesNotThrowAnyException();
  }
}
