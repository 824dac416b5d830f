package dev.iotpipeline.ingest.function;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.DeadLetter;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.ingest.model.IngestResult;
import dev.iotpipeline.ingest.model.RawMessage;
import dev.iotpipeline.ingest.service.IngestService;

/**
 * Tells the trigger events apart and maps each to a {@link RawMessage} and the service's result
 * back to what the trigger expects:
 *
 * <ul>
 *   <li>IoT Core telemetry rule output {@code {"payload": base64, "topic", "clientId",
 *       "receivedAt"}};
 *   <li>IoT Core lifecycle events ({@code clientId}, {@code timestamp}, {@code eventType}, …);
 *   <li>API Gateway HTTP API payload v2.0 ({@code "version": "2.0"}, {@code requestContext}),
 *       answered with a v2.0 response: 202, 400, 413 (the invocation fails, a 5xx, only when the
 *       broker did not take the records).
 * </ul>
 *
 * Anything else is recorded in iot-dlq as MALFORMED_EVENT.
 */
public final class TriggerDispatcher {

  private final IngestService service;
  private final ObjectMapper mapper = ContractJson.mapper();

  public TriggerDispatcher(IngestService service) {
    this.service = service;
  }

  /** Handles one trigger event. */
  public JsonNode handle(JsonNode event) {
    if (event != null && event.isObject()) {
      if (event.has("payload") && event.has("topic")) {
        return iotRule(event);
      }
      if (event.has("eventType") && event.has("clientId")) {
        return lifecycle(event);
      }
      if ("2.0".equals(event.path("version").asText()) && event.has("requestContext")) {
        return apiGateway(event);
      }
    }
    RawMessage message =
        new RawMessage(bytes(event), Protocol.UNKNOWN, null, null, "application/json", now());
    return summary(
        service.reject(
            message,
            DeadLetterReason.MALFORMED_EVENT,
            "event is neither IoT rule output, an IoT lifecycle event nor an API Gateway v2.0"
                + " request"));
  }

  private JsonNode iotRule(JsonNode event) {
    String topic = textOrNull(event.get("topic"));
    String clientId = textOrNull(event.get("clientId"));
    JsonNode receivedAtNode = event.get("receivedAt");
    long receivedAt =
        receivedAtNode != null && receivedAtNode.canConvertToLong()
            ? receivedAtNode.asLong()
            : now();
    JsonNode payload = event.get("payload");
    byte[] bytes;
    try {
      if (payload == null || !payload.isTextual()) {
        throw new IllegalArgumentException("payload is not a base64 string");
      }
      bytes = Base64.getMimeDecoder().decode(payload.asText());
    } catch (IllegalArgumentException e) {
      RawMessage whole =
          new RawMessage(bytes(event), Protocol.MQTT, topic, clientId, null, receivedAt);
      return summary(
          service.reject(
              whole,
              DeadLetterReason.MALFORMED_EVENT,
              "IoT rule output: " + e.getMessage() + " (rule SQL must encode(*, 'base64'))"));
    }
    return summary(service.ingest(RawMessage.mqtt(bytes, topic, clientId, receivedAt)));
  }

  private JsonNode lifecycle(JsonNode event) {
    String clientId = textOrNull(event.get("clientId"));
    String topic = "$aws/events/presence/" + event.path("eventType").asText("") + "/" + clientId;
    JsonNode timestamp = event.get("timestamp");
    long receivedAt = now();
    RawMessage message =
        new RawMessage(
            bytes(event), Protocol.IOT_LIFECYCLE, topic, clientId, "application/json", receivedAt);
    if (timestamp != null && timestamp.canConvertToLong()) {
      receivedAt = Math.max(receivedAt, timestamp.asLong());
      message =
          new RawMessage(
              message.payload(),
              Protocol.IOT_LIFECYCLE,
              topic,
              clientId,
              "application/json",
              receivedAt);
    }
    return summary(service.ingest(message));
  }

  private JsonNode apiGateway(JsonNode event) {
    JsonNode context = event.path("requestContext");
    long receivedAt =
        context.path("timeEpoch").canConvertToLong() ? context.path("timeEpoch").asLong() : now();
    String path = path(event);
    String contentType = header(event.path("headers"), "content-type");
    String method = context.path("http").path("method").asText("");
    JsonNode body = event.get("body");
    String bodyText = body == null || body.isNull() ? "" : body.asText();
    IngestResult result;
    if (!"POST".equalsIgnoreCase(method)) {
      result =
          service.reject(
              RawMessage.http(bytes(event), path, contentType, receivedAt),
              DeadLetterReason.MALFORMED_EVENT,
              "HTTP method " + method + ": telemetry is sent with POST");
    } else {
      byte[] bytes;
      try {
        bytes =
            event.path("isBase64Encoded").asBoolean(false)
                ? Base64.getMimeDecoder().decode(bodyText)
                : bodyText.getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return httpResponse(
            service.reject(
                RawMessage.http(bytes(event), path, contentType, receivedAt),
                DeadLetterReason.MALFORMED_EVENT,
                "API Gateway body is flagged base64 but is not: " + e.getMessage()));
      }
      result = service.ingest(RawMessage.http(bytes, path, contentType, receivedAt));
    }
    return httpResponse(result);
  }

  /** The address: from the route's path parameters (the raw path carries the stage prefix). */
  private static String path(JsonNode event) {
    JsonNode params = event.path("pathParameters");
    String deviceType = textOrNull(params.get("deviceType"));
    String sensorId = textOrNull(params.get("sensorId"));
    if (deviceType != null && sensorId != null) {
      return "/telemetry/" + deviceType + "/" + sensorId;
    }
    String rawPath = textOrNull(event.get("rawPath"));
    return rawPath != null
        ? rawPath
        : textOrNull(event.path("requestContext").path("http").get("path"));
  }

  private static String header(JsonNode headers, String name) {
    Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue().asText();
      }
    }
    return null;
  }

  private JsonNode httpResponse(IngestResult result) {
    ObjectNode body = mapper.createObjectNode();
    int status;
    DeadLetter deadLetter = result.deadLetter();
    if (deadLetter == null) {
      status = 202;
      body.put("accepted", result.readings());
      body.put("presences", result.presences());
    } else {
      status = deadLetter.reason() == DeadLetterReason.PAYLOAD_TOO_LARGE ? 413 : 400;
      body.put("reason", deadLetter.reason().name());
      body.put("detail", deadLetter.detail());
    }
    ObjectNode response = mapper.createObjectNode();
    response.put("statusCode", status);
    response.putObject("headers").put("content-type", "application/json");
    response.put("body", body.toString());
    response.put("isBase64Encoded", false);
    return response;
  }

  private JsonNode summary(IngestResult result) {
    ObjectNode summary = mapper.createObjectNode();
    if (result.accepted()) {
      summary.put("accepted", result.readings());
      summary.put("presences", result.presences());
    } else {
      summary.put("rejected", result.deadLetter().reason().name());
      summary.put("detail", result.deadLetter().detail());
    }
    return summary;
  }

  private byte[] bytes(JsonNode event) {
    try {
      return event == null ? new byte[0] : mapper.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A parsed event did not serialise back", e);
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
