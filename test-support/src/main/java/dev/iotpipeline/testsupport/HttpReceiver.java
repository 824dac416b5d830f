package dev.iotpipeline.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A local HTTP server that stands in for a third-party SaaS endpoint (PagerDuty, SNS): it records
 * every request and answers as it is told, including failures (429, 5xx) and hangs. Backed by
 * WireMock; {@link #wireMock()} gives the full API for anything not covered here.
 */
public final class HttpReceiver implements AutoCloseable {

  private static final String FAILING = "failing";

  private final WireMockServer server;

  private HttpReceiver(WireMockServer server) {
    this.server = server;
  }

  /** Starts a new receiver on a free loopback port that answers 202 to everything. */
  public static HttpReceiver start() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    HttpReceiver receiver = new HttpReceiver(server);
    receiver.reset();
    return receiver;
  }

  /** {@code http://127.0.0.1:<port>} */
  public String baseUrl() {
    return server.baseUrl();
  }

  public int port() {
    return server.port();
  }

  /** Forgets recorded requests and answers 202 with an empty JSON body to everything again. */
  public void reset() {
    server.resetAll();
    answer(202, "{}");
  }

  /** Answers every request with this status and body from now on. */
  public void answer(int status, String body) {
    server.stubFor(
        any(urlPathMatching())
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /** Answers the next {@code times} requests to {@code path} with {@code status}, then normally. */
  public void failNext(String path, int times, int status) {
    String state = Scenario.STARTED;
    for (int i = 0; i < times; i++) {
      String next = i == times - 1 ? FAILING + "-done" : FAILING + "-" + (i + 1);
      server.stubFor(
          any(urlPathEqualTo(path))
              .inScenario(FAILING)
              .whenScenarioStateIs(state)
              .willSetStateTo(next)
              .atPriority(1)
              .willReturn(
                  aResponse()
                      .withStatus(status)
                      .withHeader("Retry-After", "0")
                      .withBody("{\"status\":\"failure injected by the test\"}")));
      state = next;
    }
  }

  /** Delays every answer to {@code path} by {@code millis} (for timeout tests). */
  public void hang(String path, int millis) {
    server.stubFor(
        any(urlPathEqualTo(path))
            .atPriority(1)
            .willReturn(aResponse().withStatus(202).withBody("{}").withFixedDelay(millis)));
  }

  /** Every request received so far, oldest first. */
  public List<LoggedRequest> requests() {
    return server.findAll(anyRequestedFor(urlPathMatching()));
  }

  /** The requests received so far on one path, oldest first. */
  public List<LoggedRequest> requests(String path) {
    return server.findAll(anyRequestedFor(urlPathEqualTo(path)));
  }

  /** The underlying WireMock server. */
  public WireMockServer wireMock() {
    return server;
  }

  @Override
  public void close() {
    server.stop();
  }

  private static UrlPathPattern urlPathMatching() {
    return WireMock.urlPathMatching("/.*");
  }
}
