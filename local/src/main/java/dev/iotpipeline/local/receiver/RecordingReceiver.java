package dev.iotpipeline.local.receiver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for a third-party endpoint (PagerDuty's Events API v2, Amazon SNS): it records
 * every request it is sent, for the dashboard and the tests, and answers as the real service does
 * on success, so that the clients (PagerDuty's JSON, the AWS SDK's SNS protocol) accept it.
 */
public final class RecordingReceiver implements AutoCloseable {

  /** How the receiver answers. */
  public enum Kind {
    PAGERDUTY,
    SNS
  }

  /** One recorded request; {@code fields} holds a form body's decoded parameters (SNS). */
  public record Received(
      long receivedAt,
      String method,
      String path,
      String contentType,
      String body,
      Map<String, String> fields) {}

  private static final int KEEP = 500;

  private final Kind kind;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Deque<Received> recent = new ArrayDeque<>();
  private final AtomicLong total = new AtomicLong();

  /** Starts on {@code port} (0 = any free port) on loopback. */
  public RecordingReceiver(Kind kind, int port) throws IOException {
    this.kind = kind;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public Kind kind() {
    return kind;
  }

  /** How many requests arrived since start. */
  public long total() {
    return total.get();
  }

  /** The most recent requests, newest first. */
  public synchronized List<Received> recent(int limit) {
    List<Received> list = new ArrayList<>();
    for (Received r : recent) {
      if (list.size() >= limit) {
        break;
      }
      list.add(r);
    }
    return list;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] bytes = exchange.getRequestBody().readAllBytes();
      String contentType =
          String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
              .toLowerCase(Locale.ROOT);
      String body = new String(bytes, StandardCharsets.UTF_8);
      Map<String, String> fields =
          contentType.startsWith("application/x-www-form-urlencoded") ? form(body) : Map.of();
      record(
          new Received(
              System.currentTimeMillis(),
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              contentType,
              body,
              fields));
      String messageId = UUID.randomUUID().toString();
      switch (kind) {
        case PAGERDUTY ->
            answer(
                exchange,
                202,
                "application/json",
                "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"%s\"}"
                    .formatted(dedupKey(body)));
        case SNS -> {
          if (contentType.contains("json")) {
            answer(
                exchange,
                200,
                "application/x-amz-json-1.0",
                "{\"MessageId\":\"%s\"}".formatted(messageId));
          } else {
            answer(
                exchange,
                200,
                "text/xml",
                """
                <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <PublishResult><MessageId>%s</MessageId></PublishResult>
                  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
                </PublishResponse>"""
                    .formatted(messageId, UUID.randomUUID()));
          }
        }
      }
    }
  }

  private synchronized void record(Received received) {
    total.incrementAndGet();
    recent.addFirst(received);
    while (recent.size() > KEEP) {
      recent.removeLast();
    }
  }

  private static String dedupKey(String body) {
    int i = body.indexOf("\"dedup_key\"");
    if (i < 0) {
      return "";
    }
    int start = body.indexOf('"', body.indexOf(':', i) + 1) + 1;
    int end = body.indexOf('"', start);
    return start > 0 && end > start ? body.substring(start, end) : "";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      fields.put(key, value);
    }
    return fields;
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
