package dev.iotpipeline.local.onboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.iotpipeline.contracts.ContractJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Onboards one device on the local pipeline through the same registry API the AWS onboarding script
 * ({@code infra/scripts/onboard-device.sh}) calls, {@code POST /api/devices}, with the same
 * options; then prints what the device needs locally. The local broker is anonymous: the IoT thing,
 * certificate and policy of AWS have no local counterpart beyond the client id.
 */
@Command(
    name = "onboard-device",
    mixinStandardHelpOptions = true,
    description = {
      "Registers a device in the local pipeline's registry (POST /api/devices, as the AWS",
      "onboarding script does) and prints how it connects over MQTT, HTTP and CoAP."
    })
public final class OnboardDevice implements Callable<Integer> {

  @Option(names = "--sensor-id", required = true, description = "Device id = MQTT client id.")
  String sensorId;

  @Option(
      names = "--device-type",
      required = true,
      description = "Device type, e.g. smart-meter, temperature-sensor.")
  String deviceType;

  @Option(names = "--customer-id", description = "Customer the device belongs to.")
  String customerId;

  @Option(names = "--address", description = "Installation address.")
  String address;

  @Option(
      names = "--account-status",
      defaultValue = "ACTIVE",
      description = "Account status (default: ${DEFAULT-VALUE}).")
  String accountStatus;

  @Option(names = "--lat", description = "Latitude, -90..90.")
  Double lat;

  @Option(names = "--lon", description = "Longitude, -180..180.")
  Double lon;

  @Option(
      names = "--registry-url",
      defaultValue = "http://127.0.0.1:8080",
      description =
          "The local gateway in front of the streams-service (default: ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(
      names = "--mqtt-port",
      defaultValue = "1883",
      description = "Local MQTT port, for the printed instructions (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--coap-port",
      defaultValue = "5683",
      description = "Local CoAP port, for the printed instructions (default: ${DEFAULT-VALUE}).")
  int coapPort;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OnboardDevice()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (lat != null && (lat < -90 || lat > 90) || lon != null && (lon < -180 || lon > 180)) {
      System.err.println("--lat must be within -90..90 and --lon within -180..180");
      return 2;
    }
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("sensorId", sensorId);
    device.put("deviceType", deviceType);
    device.put("customerId", customerId);
    device.put("address", address);
    device.put("accountStatus", accountStatus);
    device.put("lat", lat);
    device.put("lon", lon);
    String base = registryUrl.replaceAll("/+$", "");
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/api/devices"))
                      .timeout(Duration.ofSeconds(15))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              ContractJson.mapper().writeValueAsBytes(device)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      System.err.println(
          "The registry at "
              + base
              + " is not reachable ("
              + e.getMessage()
              + "): is the local pipeline running?");
      return 1;
    }
    if (response.statusCode() >= 300) {
      System.err.println(
          "The registry refused the device (" + response.statusCode() + "): " + response.body());
      return 1;
    }
    String host = URI.create(base).getHost();
    System.out.printf(
        """
        Registered %s (%s) in the registry: %s

        The device connects locally with
          MQTT   tcp://%s:%d  client id %s (no certificate: the local broker is anonymous)
                 publish to dt/%s/%s/telemetry
          HTTP   POST %s/telemetry/%s/%s  (Content-Type application/json, application/senml+json or application/senml+cbor)
          CoAP   POST coap://%s:%d/telemetry/%s/%s  (Content-Format 50, 110 or 112)
        Example:
          curl -X POST -H 'Content-Type: application/json' \\
            -d '{"timestamp": %d, "power_w": 1234.5}' %s/telemetry/%s/%s
        """,
        sensorId,
        deviceType,
        response.body(),
        host,
        mqttPort,
        sensorId,
        deviceType,
        sensorId,
        base,
        deviceType,
        sensorId,
        host,
        coapPort,
        deviceType,
        sensorId,
        System.currentTimeMillis(),
        base,
        deviceType,
        sensorId);
    return 0;
  }
}
