package dev.iotpipeline.ingest.decode;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.PresenceOrigin;

/**
 * IoT Core lifecycle events ({@code $aws/events/presence/connected|disconnected/{clientId}}) as AWS
 * documents them: {@code clientId}, {@code timestamp} (epoch ms), {@code eventType}, {@code
 * sessionIdentifier}, {@code principalIdentifier}, {@code disconnectReason}, {@code versionNumber}.
 * The client id is the sensor id (IoT thing name = client id, CONTRACT.md).
 */
public final class LifecycleDecoder {

  private LifecycleDecoder() {}

  /** Reads the event's bytes. */
  public static DevicePresence decode(byte[] event) throws PayloadRejectedException {
    try {
      return decode(Json.JSON.readTree(event));
    } catch (IOException e) {
      throw new PayloadRejectedException(
          DeadLetterReason.MALFORMED_EVENT, "lifecycle event is not valid JSON: " + e.getMessage());
    }
  }

  /** Reads a parsed event. */
  public static DevicePresence decode(JsonNode event) throws PayloadRejectedException {
    if (event == null || !event.isObject()) {
      throw malformed("lifecycle event must be a JSON object");
    }
    JsonNode clientId = event.get("clientId");
    if (clientId == null || !clientId.isTextual() || clientId.asText().isEmpty()) {
      throw malformed("lifecycle event has no clientId");
    }
    JsonNode timestamp = event.get("timestamp");
    if (timestamp == null || !timestamp.canConvertToLong()) {
      throw malformed("lifecycle event has no timestamp (epoch ms)");
    }
    String eventType = event.path("eventType").asText("");
    boolean connected;
    if ("connected".equals(eventType)) {
      connected = true;
    } else if ("disconnected".equals(eventType)) {
      connected = false;
    } else {
      throw malformed(
          "lifecycle eventType '"
              + Timestamps.abbreviate(eventType)
              + "' is not connected or disconnected");
    }
    JsonNode reason = event.get("disconnectReason");
    return new DevicePresence(
        clientId.asText(),
        connected,
        timestamp.asLong(),
        PresenceOrigin.IOT_LIFECYCLE,
        !connected && reason != null && reason.isTextual() ? reason.asText() : null);
  }

  private static PayloadRejectedException malformed(String detail) {
    return new PayloadRejectedException(DeadLetterReason.MALFORMED_EVENT, detail);
  }
}
