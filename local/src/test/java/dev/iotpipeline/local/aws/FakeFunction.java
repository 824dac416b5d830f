package dev.iotpipeline.local.aws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A function process reduced to its runtime client: polls the Runtime API like LambdaBootstrap does
 * and answers with {@code handler}; a handler that returns null reports an error.
 */
final class FakeFunction implements AutoCloseable {

  final List<String> events = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private volatile boolean running = true;

  FakeFunction(LambdaRuntimeApi api, Function<String, String> handler) {
    String base = "http://" + api.address() + "/2018-06-01/runtime/invocation/";
    thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  HttpResponse<String> next =
                      http.send(
                          HttpRequest.newBuilder(URI.create(base + "next")).build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (next.statusCode() != 200) {
                    continue;
                  }
                  String id =
                      next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                  events.add(next.body());
                  String answer = handler.apply(next.body());
                  String path = answer == null ? "/error" : "/response";
                  String body =
                      answer == null
                          ? "{\"errorMessage\":\"boom\",\"errorType\":\"Test\"}"
                          : answer;
                  http.send(
                      HttpRequest.newBuilder(URI.create(base + id + path))
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                  if (!running) {
                    return;
                  }
                }
              }
            },
            "fake-function");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
