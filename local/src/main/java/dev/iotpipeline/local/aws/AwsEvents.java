package dev.iotpipeline.local.aws;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The events AWS services hand to a Lambda function, built exactly in the shapes AWS documents, so
 * that the handlers cannot tell the local run from the cloud.
 */
public final class AwsEvents {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter APIGW_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private AwsEvents() {}

  /**
   * What the IoT Core telemetry rule sends: {@code SELECT encode(*, 'base64') AS payload, topic()
   * AS topic, clientid() AS clientId, timestamp() AS receivedAt FROM 'dt/+/+/telemetry'}.
   */
  public static ObjectNode iotRule(byte[] payload, String topic, String clientId, long receivedAt) {
    ObjectNode event = JSON.objectNode();
    event.put("payload", Base64.getEncoder().encodeToString(payload));
    event.put("topic", topic);
    event.put("clientId", clientId);
    event.put("receivedAt", receivedAt);
    return event;
  }

  /** An IoT Core lifecycle event ({@code $aws/events/presence/connected|disconnected/...}). */
  public static ObjectNode lifecycle(
      String clientId, boolean connected, long timestamp, String disconnectReason) {
    ObjectNode event = JSON.objectNode();
    event.put("clientId", clientId);
    event.put("timestamp", timestamp);
    event.put("eventType", connected ? "connected" : "disconnected");
    event.put("sessionIdentifier", UUID.randomUUID().toString().replace("-", ""));
    event.put("principalIdentifier", "local");
    if (connected) {
      event.put("ipAddress", "127.0.0.1");
    } else {
      event.put("clientInitiatedDisconnect", "NORMAL_DISCONNECTION".equals(disconnectReason));
      event.put(
          "disconnectReason",
          "NORMAL_DISCONNECTION".equals(disconnectReason)
              ? "CLIENT_INITIATED_DISCONNECT"
              : "CONNECTION_LOST");
    }
    event.put("versionNumber", 0);
    return event;
  }

  /** The lifecycle event's MQTT topic in IoT Core. */
  public static String lifecycleTopic(String clientId, boolean connected) {
    return "$aws/events/presence/" + (connected ? "connected/" : "disconnected/") + clientId;
  }

  /** An API Gateway HTTP API payload format 2.0 event for {@code POST /telemetry/{type}/{id}}. */
  public static ObjectNode httpApi(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> pathParameters,
      Map<String, String> headers,
      byte[] body,
      String routeKey) {
    long now = System.currentTimeMillis();
    String requestId = UUID.randomUUID().toString();
    ObjectNode event = JSON.objectNode();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", rawPath);
    event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
    ObjectNode h = event.putObject("headers");
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "000000000000");
    context.put("apiId", "local");
    context.put("domainName", headers.getOrDefault("host", "127.0.0.1"));
    context.put("domainPrefix", "local");
    ObjectNode http = context.putObject("http");
    http.put("method", method);
    http.put("path", rawPath);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    context.put("requestId", requestId);
    context.put("routeKey", routeKey);
    context.put("stage", "$default");
    context.put("time", APIGW_TIME.format(Instant.ofEpochMilli(now)));
    context.put("timeEpoch", now);
    ObjectNode params = event.putObject("pathParameters");
    pathParameters.forEach(params::put);
    event.put("body", Base64.getEncoder().encodeToString(body));
    event.put("isBase64Encoded", true);
    return event;
  }

  /**
   * An Amazon MSK event source mapping event: records grouped by {@code "topic-partition"}, key and
   * value base64, headers as arrays of byte values.
   */
  public static ObjectNode msk(
      String clusterArn,
      String bootstrapServers,
      Collection<ConsumerRecord<byte[], byte[]>> records) {
    ObjectNode event = JSON.objectNode();
    event.put("eventSource", "aws:kafka");
    event.put("eventSourceArn", clusterArn);
    event.put("bootstrapServers", bootstrapServers);
    ObjectNode groups = event.putObject("records");
    Map<String, ArrayNode> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ArrayNode list =
          byPartition.computeIfAbsent(r.topic() + "-" + r.partition(), k -> groups.putArray(k));
      ObjectNode record = list.addObject();
      record.put("topic", r.topic());
      record.put("partition", r.partition());
      record.put("offset", r.offset());
      record.put("timestamp", r.timestamp());
      record.put("timestampType", r.timestampType().name().replace(' ', '_').toUpperCase());
      if (r.key() != null) {
        record.put("key", Base64.getEncoder().encodeToString(r.key()));
      }
      if (r.value() != null) {
        record.put("value", Base64.getEncoder().encodeToString(r.value()));
      }
      ArrayNode headers = record.putArray("headers");
      for (Header header : r.headers()) {
        ArrayNode bytes = headers.addObject().putArray(header.key());
        for (byte b : header.value() == null ? new byte[0] : header.value()) {
          bytes.add(b);
        }
      }
    }
    return event;
  }

  /** The record an MSK event source mapping sends to its on-failure destination. */
  public static ObjectNode mskFailure(
      String functionArn,
      String clusterArn,
      int attempts,
      String error,
      List<ConsumerRecord<byte[], byte[]>> batch) {
    ObjectNode failure = JSON.objectNode();
    failure.put("version", "1.0");
    failure.put("timestamp", Instant.now().toString());
    ObjectNode request = failure.putObject("requestContext");
    request.put("requestId", UUID.randomUUID().toString());
    request.put("functionArn", functionArn);
    request.put("condition", "RetryAttemptsExhausted");
    request.put("approximateInvokeCount", attempts);
    ObjectNode response = failure.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", "Unhandled");
    response.put("errorMessage", error);
    ObjectNode info = failure.putObject("KafkaBatchInfo");
    info.put("batchSize", batch.size());
    info.put("eventSourceArn", clusterArn);
    ArrayNode ranges = info.putArray("partitions");
    Map<String, long[]> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      byPartition.merge(
          r.topic() + "-" + r.partition(),
          new long[] {r.offset(), r.offset()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    byPartition.forEach(
        (tp, range) -> {
          ObjectNode p = ranges.addObject();
          p.put("topicPartition", tp);
          p.put("startOffset", range[0]);
          p.put("endOffset", range[1]);
        });
    return failure;
  }
}
