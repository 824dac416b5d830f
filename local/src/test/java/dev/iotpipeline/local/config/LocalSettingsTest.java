package dev.iotpipeline.local.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalSettingsTest {

  @Test
  void defaultsAreTheDocumentedPortsAndAFolderInTheRepository() {
    LocalSettings settings = LocalSettings.of(Map.of("local.repo-root", "/repo"));

    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.kafkaPort()).isEqualTo(9092);
    assertThat(settings.mqttPort()).isEqualTo(1883);
    assertThat(settings.coapPort()).isEqualTo(5683);
    assertThat(settings.dataDir()).isEqualTo(Path.of("/repo/.pipeline-data"));
    assertThat(settings.simulator()).isTrue();
  }

  @Test
  void aValueThatDoesNotParseNamesItsSetting() {
    LocalSettings settings = LocalSettings.of(Map.of("local.http.port", "eighty"));

    assertThatThrownBy(settings::httpPort)
        .isInstanceOf(SettingException.class)
        .hasMessage("Setting -Dlocal.http.port must be a whole number, was 'eighty'");
  }

  @Test
  void aBooleanSettingRejectsAnythingButYesOrNo() {
    LocalSettings settings = LocalSettings.of(Map.of("local.simulator", "maybe"));

    assertThatThrownBy(settings::simulator).hasMessageContaining("-Dlocal.simulator");
  }
}
