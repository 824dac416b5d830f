package dev.iotpipeline.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AddressTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "dt/smart-meter/m-1/telemetry, smart-meter, m-1",
        "/dt/smart-meter/m-1/telemetry/, smart-meter, m-1",
        "/telemetry/smart-meter/m-1, smart-meter, m-1",
        "/telemetry/smart-meter/m-1?x=1, smart-meter, m-1",
        "telemetry/a/b/, a, b",
        "dt/smart-meter/m-1/status, null, null",
        "dt//m-1/telemetry, null, null",
        "dt/a/b/c/telemetry, null, null",
        "/telemetry/a/, null, null",
        "/telemetry/a, null, null",
        "//telemetry/a/b, null, null",
        "'', null, null",
        "/, null, null",
      })
  void topicsAndPathsNameDeviceTypeAndSensor(String text, String deviceType, String sensorId) {
    Address address = Address.parse(text);

    if (deviceType == null) {
      assertThat(address).isNull();
    } else {
      assertThat(address).isEqualTo(new Address(deviceType, sensorId));
    }
  }

  @Property(tries = 5_000, seed = "20261124")
  void parsesAsSplittingOnSlashesDoes(@ForAll("addressLike") String text) {
    assertThat(Address.parse(text)).isEqualTo(bySplitting(text));
  }

  @Provide
  Arbitrary<String> addressLike() {
    return Arbitraries.of("dt", "telemetry", "", "a", "m-1", "?", "?q=1", "x/")
        .list()
        .ofMaxSize(6)
        .map(
            parts ->
                (parts.isEmpty() ? "" : parts.get(0).isEmpty() ? "/" : "")
                    + String.join("/", parts));
  }

  /**
   * The definition the parser keeps to: split on '/' after dropping the query and one '/' each end.
   */
  private static Address bySplitting(String topicOrPath) {
    String s = topicOrPath;
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query);
    }
    if (s.startsWith("/")) {
      s = s.substring(1);
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    String[] parts = s.split("/", -1);
    if (parts.length == 4
        && "dt".equals(parts[0])
        && "telemetry".equals(parts[3])
        && !parts[1].isEmpty()
        && !parts[2].isEmpty()) {
      return new Address(parts[1], parts[2]);
    }
    if (parts.length == 3
        && "telemetry".equals(parts[0])
        && !parts[1].isEmpty()
        && !parts[2].isEmpty()) {
      return new Address(parts[1], parts[2]);
    }
    return null;
  }
}
