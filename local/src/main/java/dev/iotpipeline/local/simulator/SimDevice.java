package dev.iotpipeline.local.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** One simulated device: who it is, how it talks, and its behaviour over event time. */
final class SimDevice {

  enum Kind {
    METER("smart-meter"),
    ENV("temperature-sensor");

    final String deviceType;

    Kind(String deviceType) {
      this.deviceType = deviceType;
    }
  }

  enum Transport {
    MQTT,
    HTTP,
    COAP
  }

  enum Format {
    FLAT_JSON,
    SENML_JSON,
    SENML_CBOR
  }

  final String id;
  final Kind kind;
  final Transport transport;
  final Format format;
  final double lat;
  final double lon;
  final String customerId;
  final String address;

  /** Phase offset within the reporting interval, ms: devices do not all report at once. */
  final long phaseMs;

  /** Average power (meters) or temperature (sensors) this device varies around. */
  final double base;

  /** How the flat JSON timestamp is written: 0 epoch ms, 1 epoch s, 2 ISO-8601. */
  final int timestampStyle;

  long theftFrom = Long.MAX_VALUE;
  long theftUntil = Long.MAX_VALUE;
  long silentUntil = Long.MIN_VALUE;

  SimDevice(
      String id, Kind kind, Transport transport, Format format, Random random, long intervalMs) {
    this.id = id;
    this.kind = kind;
    this.transport = transport;
    this.format = format;
    // A town of some 10 x 7 km: sensors are drawn where it is, without online map tiles.
    this.lat = 52.48 + random.nextDouble() * 0.08;
    this.lon = 13.33 + random.nextDouble() * 0.15;
    this.customerId = "c-" + (10_000 + random.nextInt(90_000));
    this.address = (1 + random.nextInt(199)) + " " + STREETS[random.nextInt(STREETS.length)];
    this.phaseMs = (long) (random.nextDouble() * intervalMs);
    this.base =
        kind == Kind.METER ? 400 + random.nextDouble() * 2600 : 18 + random.nextDouble() * 6;
    this.timestampStyle = random.nextInt(3);
  }

  private static final String[] STREETS = {
    "Grid Street",
    "Ohm Lane",
    "Volta Avenue",
    "Faraday Road",
    "Tesla Way",
    "Edison Court",
    "Ampere Square",
    "Watt Street",
    "Kirchhoff Row",
    "Maxwell Place"
  };

  boolean stealing(long eventTime) {
    return eventTime >= theftFrom && eventTime < theftUntil;
  }

  /** The normal readings at {@code eventTime}: a daily shape plus bounded noise. */
  Map<String, Double> readings(long eventTime, Random random) {
    Map<String, Double> values = new LinkedHashMap<>();
    double hourOfDay = (eventTime / 3_600_000.0) % 24;
    double daily = Math.sin(2 * Math.PI * (hourOfDay - 7) / 24);
    double noise = 1 + (random.nextDouble() - 0.5) * 0.1;
    if (kind == Kind.METER) {
      double power = base * (1 + 0.25 * daily) * noise;
      if (stealing(eventTime)) {
        power *= 0.25; // the bypass: most consumption no longer passes the meter
      }
      values.put("power_w", round(power));
      values.put("voltage_v", round(230 + (random.nextDouble() - 0.5) * 6));
    } else {
      values.put("temperature_c", round(base + 4 * daily + (random.nextDouble() - 0.5) * 0.6));
      values.put("humidity_pct", round(45 + 10 * daily + (random.nextDouble() - 0.5) * 2));
    }
    return values;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The registry entry: what {@code POST /api/devices} takes. */
  Map<String, Object> registration() {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("sensorId", id);
    device.put("deviceType", kind.deviceType);
    device.put("customerId", customerId);
    device.put("address", address + ", Springfield");
    device.put("accountStatus", "ACTIVE");
    device.put("lat", Math.round(lat * 1e5) / 1e5);
    device.put("lon", Math.round(lon * 1e5) / 1e5);
    return device;
  }
}
