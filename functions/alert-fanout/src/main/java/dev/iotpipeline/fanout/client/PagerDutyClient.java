package dev.iotpipeline.fanout.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.fanout.config.FanoutConfig;

/**
 * Sends one event to the PagerDuty Events API v2 with the JDK HTTP client (no extra library, no
 * reflection in native mode) and classifies the answer: 202 is delivered; 429 (rate limited), 5xx,
 * timeouts and connection failures are {@link DeliveryException.Retryable}, with the Retry-After
 * header where PagerDuty sent one; 400 and other 4xx are permanent. One attempt per call: retrying
 * is {@link DeliveryRetry}'s job.
 */
@ApplicationScoped
public class PagerDutyClient {

  private static final ObjectMapper MAPPER = ContractJson.mapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final HttpClient http;
  private final URI eventsUrl;
  private final Duration requestTimeout;

  public PagerDutyClient(FanoutConfig config) {
    this.eventsUrl = config.pagerduty().eventsUrl();
    this.requestTimeout = config.pagerduty().requestTimeout();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Sends the event once.
   *
   * @return PagerDuty's dedup key of the accepted event
   */
  public String send(PagerDutyEvent event) {
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw DeliveryException.permanent("PagerDuty event could not be written as JSON", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(eventsUrl)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw DeliveryException.retryable(
          "PagerDuty did not answer within " + requestTimeout, null, e);
    } catch (IOException e) {
      throw DeliveryException.retryable("PagerDuty could not be reached: " + e, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.permanent("interrupted while sending to PagerDuty", e);
    }
    int status = response.statusCode();
    if (status == 202 || status == 200) {
      return dedupKeyOf(response.body()).orElse(event.dedupKey());
    }
    String detail =
        "PagerDuty answered HTTP " + status + ": " + redacted(response.body(), event.routingKey());
    if (status == 429 || status >= 500) {
      return throwRetryable(detail, retryAfter(response));
    }
    throw DeliveryException.permanent(detail, null);
  }

  private static String throwRetryable(String detail, Duration retryAfter) {
    throw DeliveryException.retryable(detail, retryAfter, null);
  }

  /** Retry-After in seconds (PagerDuty's form); an HTTP date is ignored in favour of backoff. */
  static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .orElse(null);
  }

  private static Optional<String> dedupKeyOf(String body) {
    try {
      JsonNode json = MAPPER.readTree(body);
      return Optional.ofNullable(json)
          .map(node -> node.get("dedup_key"))
          .filter(JsonNode::isTextual)
          .map(JsonNode::asText);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The answer for a message: shortened, and without the routing key should PagerDuty echo it. */
  private static String redacted(String body, String routingKey) {
    String text = body == null ? "" : body;
    if (routingKey != null && !routingKey.isEmpty()) {
      text = text.replace(routingKey, "<redacted>");
    }
    return text.length() > MAX_BODY_IN_MESSAGE ? text.substring(0, MAX_BODY_IN_MESSAGE) : text;
  }
}
