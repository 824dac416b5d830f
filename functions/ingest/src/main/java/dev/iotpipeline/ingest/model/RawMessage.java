package dev.iotpipeline.ingest.model;

import java.util.Objects;

import dev.iotpipeline.contracts.Protocol;

/**
 * One message as a device sent it, before any interpretation: what every trigger (IoT rule, API
 * Gateway, lifecycle rule, the local CoAP/MQTT/HTTP adapters) is mapped to.
 *
 * @param payload the device's bytes, exactly as sent
 * @param protocol how it reached the pipeline
 * @param address the MQTT topic ({@code dt/{deviceType}/{sensorId}/telemetry}) or the HTTP/CoAP
 *     path ({@code /telemetry/{deviceType}/{sensorId}})
 * @param clientId the MQTT client id, or null
 * @param contentType the HTTP Content-Type or the CoAP Content-Format number (e.g. {@code 110}), or
 *     null when the protocol has none (MQTT 3.1.1)
 * @param receivedAt when the pipeline received it, epoch ms: the reference for relative SenML times
 *     and for the future-skew check
 */
public record RawMessage(
    byte[] payload,
    Protocol protocol,
    String address,
    String clientId,
    String contentType,
    long receivedAt) {

  public RawMessage {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** A message of the IoT Core telemetry rule (MQTT, no content type). */
  public static RawMessage mqtt(byte[] payload, String topic, String clientId, long receivedAt) {
    return new RawMessage(payload, Protocol.MQTT, topic, clientId, null, receivedAt);
  }

  /** A message posted over HTTP. */
  public static RawMessage http(byte[] payload, String path, String contentType, long receivedAt) {
    return new RawMessage(payload, Protocol.HTTP, path, null, contentType, receivedAt);
  }

  /** A message posted over CoAP; {@code contentFormat} is the CoAP Content-Format number. */
  public static RawMessage coap(
      byte[] payload, String path, Integer contentFormat, long receivedAt) {
    return new RawMessage(
        payload,
        Protocol.COAP,
        path,
        null,
        contentFormat == null ? null : contentFormat.toString(),
        receivedAt);
  }
}
