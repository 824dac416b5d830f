package dev.iotpipeline.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

class PayloadsTest {

  private static final long T = 1_764_000_000_000L;

  @Test
  void senmlCborUsesRfc8428IntegerLabels() throws Exception {
    SimDevice device = device(SimDevice.Format.SENML_CBOR);

    byte[] cbor = Payloads.encode(device, T, values());
    JsonNode pack = new ObjectMapper(new CBORFactory()).readTree(cbor);

    assertThat(pack.isArray()).isTrue();
    assertThat(pack.get(0).path("-2").asText()).isEqualTo(device.id + ":"); // bn
    assertThat(pack.get(0).path("-3").asDouble()).isEqualTo(T / 1000.0); // bt
    assertThat(pack.get(0).path("0").asText()).isEqualTo("power_w"); // n
    assertThat(pack.get(0).path("2").asDouble()).isEqualTo(1200.5); // v
    assertThat(pack.get(1).path("0").asText()).isEqualTo("voltage_v");
  }

  @Test
  void senmlJsonCarriesBaseNameAndBaseTimeInSeconds() throws Exception {
    SimDevice device = device(SimDevice.Format.SENML_JSON);

    JsonNode pack = new ObjectMapper().readTree(Payloads.encode(device, T, values()));

    assertThat(pack.get(0).path("bn").asText()).isEqualTo(device.id + ":");
    assertThat(pack.get(0).path("bt").asDouble()).isEqualTo(1_764_000_000.0);
    assertThat(pack.get(1).path("u").asText()).isEqualTo("V");
  }

  @Test
  void flatJsonNamesTheSensorTheMetricsAndTheConnectedFlag() throws Exception {
    SimDevice device = device(SimDevice.Format.FLAT_JSON);

    JsonNode reading = new ObjectMapper().readTree(Payloads.encode(device, T, values()));

    assertThat(reading.path("sensor_id").asText()).isEqualTo(device.id);
    assertThat(reading.path("power_w").asDouble()).isEqualTo(1200.5);
    assertThat(reading.path("connected").asBoolean()).isTrue();
    assertThat(reading.has("timestamp")).isTrue();
  }

  @Test
  void theftDropsAMetersPowerToAQuarterOnlyWhileItLasts() {
    SimDevice device = device(SimDevice.Format.FLAT_JSON);
    device.theftFrom = T;
    device.theftUntil = T + 60_000;

    double before = device.readings(T - 15_000, new Random(1)).get("power_w");
    double during = device.readings(T, new Random(1)).get("power_w");
    double after = device.readings(T + 60_000, new Random(1)).get("power_w");

    assertThat(during / before).isBetween(0.2, 0.3);
    assertThat(after / before).isBetween(0.9, 1.1);
  }

  private static SimDevice device(SimDevice.Format format) {
    return new SimDevice(
        "meter-0001",
        SimDevice.Kind.METER,
        SimDevice.Transport.MQTT,
        format,
        new Random(7),
        15_000);
  }

  private static Map<String, Double> values() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("power_w", 1200.5);
    values.put("voltage_v", 230.1);
    return values;
  }
}
