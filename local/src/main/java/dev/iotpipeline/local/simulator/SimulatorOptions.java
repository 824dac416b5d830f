package dev.iotpipeline.local.simulator;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The simulator's options; each has a default that reproduces the seed's smart-grid scenario. */
@Command(
    name = "simulate-devices",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates smart meters and environmental sensors sending telemetry to the local pipeline "
          + "over MQTT, HTTP and CoAP in flat JSON, SenML JSON and SenML CBOR, injecting power "
          + "theft, threshold breaches, anomalies, silence, out-of-order and late readings, "
          + "duplicates and malformed payloads.",
      "Event time starts --backfill-min in the past and runs up to --compression times faster "
          + "than the clock until it reaches now, then in real time: readings are never from "
          + "the future. Without options it plays the seed's smart-grid scenario."
    })
public final class SimulatorOptions {

  @Option(names = "--meters", description = "Smart meters (default: ${DEFAULT-VALUE}).")
  public int meters = 100;

  @Option(
      names = "--env-sensors",
      description = "Environmental (temperature) sensors (default: ${DEFAULT-VALUE}).")
  public int envSensors = 20;

  @Option(
      names = "--interval-s",
      description =
          "Seconds of event time between two readings of a device (default: ${DEFAULT-VALUE}).")
  public int intervalSeconds = 15;

  @Option(
      names = "--compression",
      description =
          "Event time runs this many times faster than the clock (default: ${DEFAULT-VALUE}).")
  public double compression = 60;

  @Option(
      names = "--backfill-min",
      description = "Event time starts this many minutes in the past (default: ${DEFAULT-VALUE}).")
  public int backfillMinutes = 60;

  @Option(
      names = "--duration-s",
      description =
          "Stop after this many seconds of wall time; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
  public int durationSeconds = 0;

  @Option(
      names = "--protocols",
      description =
          "Share of devices per protocol, mqtt,http,coap in %% (default: ${DEFAULT-VALUE}).")
  public String protocols = "80,10,10";

  @Option(
      names = "--formats",
      description =
          "Share of devices per format, flat JSON,SenML JSON,SenML CBOR in %% (default: ${DEFAULT-VALUE}).")
  public String formats = "60,25,15";

  @Option(
      names = "--theft-meters",
      description =
          "Meters that start bypassing (power drops to a quarter) (default: ${DEFAULT-VALUE}).")
  public int theftMeters = 3;

  @Option(
      names = "--theft-after-min",
      description =
          "Minutes of event time of normal history before theft starts (default: ${DEFAULT-VALUE}).")
  public int theftAfterMinutes = 35;

  @Option(
      names = "--theft-duration-min",
      description =
          "Minutes of event time a theft lasts before the meter is repaired (default: ${DEFAULT-VALUE}).")
  public int theftDurationMinutes = 30;

  @Option(
      names = "--breach-rate",
      description = "Probability per reading of a threshold breach (default: ${DEFAULT-VALUE}).")
  public double breachRate = 0.0005;

  @Option(
      names = "--anomaly-rate",
      description =
          "Probability per reading of a spike far off the device's own mean (default: ${DEFAULT-VALUE}).")
  public double anomalyRate = 0.0005;

  @Option(
      names = "--silence-rate",
      description =
          "Probability per device and hour of event time of falling silent for 15 min (default: ${DEFAULT-VALUE}).")
  public double silenceRate = 0.02;

  @Option(
      names = "--out-of-order-rate",
      description =
          "Probability per reading of being sent out of order within the grace period (default: ${DEFAULT-VALUE}).")
  public double outOfOrderRate = 0.005;

  @Option(
      names = "--late-rate",
      description =
          "Probability per reading of being sent 10 minutes late (past the grace period) (default: ${DEFAULT-VALUE}).")
  public double lateRate = 0.001;

  @Option(
      names = "--duplicate-rate",
      description = "Probability per message of being sent twice (default: ${DEFAULT-VALUE}).")
  public double duplicateRate = 0.002;

  @Option(
      names = "--malformed-rate",
      description = "Probability per message of a malformed payload (default: ${DEFAULT-VALUE}).")
  public double malformedRate = 0.002;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  public long seed = 42;

  @Option(
      names = "--mqtt-port",
      description = "MQTT broker on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  public int mqttPort = 1883;

  @Option(names = "--http", description = "HTTP gateway base URL (default: ${DEFAULT-VALUE}).")
  public String httpBase = "http://127.0.0.1:8080";

  @Option(
      names = "--coap-port",
      description = "CoAP endpoint on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  public int coapPort = 5683;

  @Option(
      names = "--register",
      negatable = true,
      description =
          "Register every device in the registry (POST /api/devices) first (default: ${DEFAULT-VALUE}).")
  public boolean register = true;

  @Option(
      names = "--progress-s",
      description = "Seconds between progress lines; 0 for none (default: ${DEFAULT-VALUE}).")
  public int progressSeconds = 5;

  /** Set by the launcher: no progress lines on the console it shares. */
  public boolean quiet;

  /** Parses a command line (e.g. {@code -Dlocal.simulator.args}); a bad one names the problem. */
  public static SimulatorOptions parse(String args) {
    SimulatorOptions options = new SimulatorOptions();
    List<String> list = new ArrayList<>();
    for (String a : args.trim().split("\\s+")) {
      if (!a.isEmpty()) {
        list.add(a);
      }
    }
    try {
      new CommandLine(options).parseArgs(list.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new dev.iotpipeline.local.config.SettingException(
          "local.simulator.args", "is not a valid simulator command line: " + e.getMessage());
    }
    return options;
  }

  static int[] shares(String spec, String option) {
    String[] parts = spec.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException(option + " needs three percentages, was " + spec);
    }
    int[] shares = new int[3];
    for (int i = 0; i < 3; i++) {
      shares[i] = Integer.parseInt(parts[i].trim());
    }
    return shares;
  }
}
