package dev.iotpipeline.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.iotpipeline.local.component.Ports;

class HttpGatewayTest {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer upstream;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    upstream.setExecutor(Executors.newCachedThreadPool());
    upstream.createContext(
        "/api/stream",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write(
              "event: alert\ndata: {\"alertId\":\"a-1\"}\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            // The stream stays open, as a live stream does, until the test is done.
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    upstream.createContext(
        "/api/alerts",
        exchange -> {
          byte[] body = "[{\"alertId\":\"a-1\"}]".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
    gateway =
        new HttpGateway(
            0,
            null,
            (method, path, query, body) ->
                new HttpGateway.Response(200, Map.of("method", method, "path", path)),
            upstream.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    gateway.close();
    upstream.stop(0);
  }

  @Test
  void shouldStreamServerSentEventsThroughTheProxyAsTheyArrive() throws Exception {
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/stream")).build(),
            HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    // Read while the upstream still holds the stream open: nothing may wait for its end.
    assertThat(lines.readLine()).isEqualTo("event: alert");
    assertThat(lines.readLine()).isEqualTo("data: {\"alertId\":\"a-1\"}");
    response.body().close();
  }

  @Test
  void shouldProxyEveryOtherPathToTheStreamsService() throws Exception {
    HttpResponse<String> response = get("/api/alerts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[{\"alertId\":\"a-1\"}]");
  }

  @Test
  void shouldServeTheLauncherApiUnderLocal() throws Exception {
    HttpResponse<String> response = get("/local/stats");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"path\":\"/local/stats\"");
  }

  @Test
  void shouldSayWhichModuleIsMissingWhenTelemetryArrivesWithoutIngest() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base() + "/telemetry/smart-meter/m-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("functions/ingest");
  }

  @Test
  void shouldAnswer502NamingTheStreamsServiceWhenItIsDown() throws Exception {
    gateway.close();
    gateway = new HttpGateway(0, null, (m, p, q, b) -> null, Ports.free());

    HttpResponse<String> response = get("/api/alerts");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("streams-service is not up");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + gateway.port();
  }
}
