package dev.iotpipeline.fanout.function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.Map;
import java.util.UUID;

import dev.iotpipeline.testsupport.HttpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Two HTTP receivers, one standing in for PagerDuty's Events API and one for SNS's Query API, and
 * the settings that point the function at them.
 */
public class FanoutResource implements QuarkusTestResourceLifecycleManager {

  /** A value that must never appear in any log line. */
  public static final String ROUTING_KEY = "R0UTING-KEY-" + UUID.randomUUID();

  public static final String EVENTS_PATH = "/v2/enqueue";
  public static final String CRITICAL_TOPIC = "arn:aws:sns:us-east-1:123456789012:iot-critical";
  public static final String MONITORING_TOPIC = "arn:aws:sns:us-east-1:123456789012:iot-monitoring";

  static HttpReceiver pagerDuty;
  static HttpReceiver sns;

  @Override
  public Map<String, String> start() {
    pagerDuty = HttpReceiver.start();
    sns = HttpReceiver.start();
    reset();
    // The SDK's default credentials chain reads these first; SNS requests are signed with them.
    System.setProperty("aws.accessKeyId", "test-access-key");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
    return Map.of(
        "fanout.pagerduty.events-url", pagerDuty.baseUrl() + EVENTS_PATH,
        "fanout.pagerduty.routing-key", ROUTING_KEY,
        "fanout.sns.endpoint-override", sns.baseUrl(),
        "fanout.sns.critical-topic-arn", CRITICAL_TOPIC,
        "fanout.sns.monitoring-topic-arn", MONITORING_TOPIC);
  }

  /** Both receivers answer like the real services again and forget what they received. */
  static void reset() {
    pagerDuty.reset();
    pagerDuty.answer(
        202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}");
    sns.reset();
    sns.wireMock()
        .stubFor(
            post(urlPathEqualTo("/"))
                .atPriority(5)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(
                            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                                + "<PublishResult><MessageId>"
                                + UUID.randomUUID()
                                + "</MessageId></PublishResult>"
                                + "<ResponseMetadata><RequestId>"
                                + UUID.randomUUID()
                                + "</RequestId></ResponseMetadata></PublishResponse>")));
  }

  @Override
  public void stop() {
    pagerDuty.close();
    sns.close();
  }
}
