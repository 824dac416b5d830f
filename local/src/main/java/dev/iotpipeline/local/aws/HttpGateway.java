package dev.iotpipeline.local.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.iotpipeline.contracts.ContractJson;

/**
 * The one HTTP front door on the local machine, as API Gateway is in AWS: {@code POST
 * /telemetry/{deviceType}/{sensorId}} becomes an HTTP API v2.0 event for the ingest function, whose
 * v2.0 response is returned; {@code /local/*} is the launcher's own API (receivers, simulator);
 * every other path is reverse-proxied to the streams-service, so the dashboard and its APIs are on
 * the same origin.
 */
public final class HttpGateway implements AutoCloseable {

  /** The launcher's own API under {@code /local/}. */
  public interface LocalApi {
    /** Answers a request; returns status and JSON body. */
    Response handle(String method, String path, String query, byte[] body) throws Exception;
  }

  /** A JSON answer of the local API. */
  public record Response(int status, Object body) {}

  private static final String ROUTE = "POST /telemetry/{deviceType}/{sensorId}";
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "host",
          "content-length",
          "expect");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient upstream =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final IngestEdge ingest;
  private final LocalApi localApi;
  private final String streamsBase;

  public HttpGateway(int port, IngestEdge ingest, LocalApi localApi, int streamsPort)
      throws IOException {
    this.ingest = ingest;
    this.localApi = localApi;
    this.streamsBase = "http://127.0.0.1:" + streamsPort;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      try {
        if (path.startsWith("/telemetry/")) {
          telemetry(exchange, method, path);
        } else if (path.startsWith("/local/")) {
          local(exchange, method, path);
        } else {
          proxy(exchange, method);
        }
      } catch (ConnectException e) {
        json(
            exchange,
            502,
            Map.of(
                "error",
                "the streams-service is not up (yet) at " + streamsBase + ": see its log"));
      } catch (IOException e) {
        // The client went away (a closed SSE stream): nothing left to answer.
      } catch (Exception e) {
        json(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
      }
    }
  }

  private void telemetry(HttpExchange exchange, String method, String path) throws Exception {
    String[] parts = path.split("/");
    if (parts.length != 4 || ingest == null) {
      json(
          exchange,
          404,
          Map.of(
              "message",
              ingest == null
                  ? "the ingest function is not built (functions/ingest)"
                  : "Not Found: use POST /telemetry/{deviceType}/{sensorId}"));
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    String query = exchange.getRequestURI().getRawQuery();
    var event =
        AwsEvents.httpApi(
            method,
            path,
            query,
            Map.of("deviceType", parts[2], "sensorId", parts[3]),
            headers,
            body,
            ROUTE);
    byte[] result;
    try {
      result = ingest.invoke("http", event).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      // Lambda's failed invocation behind API Gateway: a 500 Internal Server Error.
      json(exchange, 500, Map.of("message", "Internal Server Error"));
      return;
    }
    writeLambdaResponse(exchange, result);
  }

  /** API Gateway's mapping of a v2.0 Lambda response (or a bare value) to an HTTP response. */
  private static void writeLambdaResponse(HttpExchange exchange, byte[] result) throws IOException {
    JsonNode response = ContractJson.mapper().readTree(result);
    if (response != null && response.has("statusCode")) {
      int status = response.path("statusCode").asInt(200);
      response
          .path("headers")
          .fields()
          .forEachRemaining(
              h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
      String body = response.path("body").asText("");
      byte[] bytes =
          response.path("isBase64Encoded").asBoolean(false)
              ? Base64.getDecoder().decode(body)
              : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    } else {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, result.length == 0 ? -1 : result.length);
      if (result.length > 0) {
        exchange.getResponseBody().write(result);
      }
    }
  }

  private void local(HttpExchange exchange, String method, String path) throws Exception {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Response response = localApi.handle(method, path, exchange.getRequestURI().getRawQuery(), body);
    json(exchange, response.status(), response.body());
  }

  private void proxy(HttpExchange exchange, String method) throws Exception {
    URI target = URI.create(streamsBase + exchange.getRequestURI().toString());
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        for (String v : h.getValue()) {
          request.header(h.getKey(), v);
        }
      }
    }
    request.header("X-Forwarded-Host", "127.0.0.1:" + port());
    HttpResponse<InputStream> response =
        upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    response
        .headers()
        .map()
        .forEach(
            (k, values) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(k, v));
              }
            });
    boolean stream =
        response
            .headers()
            .firstValue("content-type")
            .map(t -> t.startsWith("text/event-stream"))
            .orElse(false);
    long length = response.headers().firstValueAsLong("content-length").orElse(-1);
    if (method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304) {
      exchange.sendResponseHeaders(response.statusCode(), -1);
      response.body().close();
      return;
    }
    exchange.sendResponseHeaders(
        response.statusCode(), stream || length < 0 ? 0 : (length == 0 ? -1 : length));
    try (InputStream in = response.body();
        OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (stream) {
          out.flush(); // Server-Sent Events: each event goes out as it comes
        }
      }
    }
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = ContractJson.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
