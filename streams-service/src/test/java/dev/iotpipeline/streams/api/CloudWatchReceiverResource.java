package dev.iotpipeline.streams.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.streams.metrics.LocalCloudWatch;
import dev.iotpipeline.testsupport.HttpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local stand-in for CloudWatch ({@link HttpReceiver}) with the service's CloudWatch registry
 * switched on and pointed at it, publishing every second. Credentials for the AWS SDK's default
 * chain come from its system properties, as an ECS task's would come from the task role.
 */
public class CloudWatchReceiverResource implements QuarkusTestResourceLifecycleManager {

  private static volatile HttpReceiver receiver;

  @Override
  public Map<String, String> start() {
    receiver = HttpReceiver.start();
    LocalCloudWatch.answerPutMetricData(receiver);
    System.setProperty("aws.accessKeyId", "test-key");
    System.setProperty("aws.secretAccessKey", "test-secret");
    return Map.of(
        "pipeline.cloudwatch.enabled", "true",
        "pipeline.cloudwatch.namespace", "IotPipeline",
        "pipeline.cloudwatch.region", "eu-west-1",
        "pipeline.cloudwatch.endpoint-override", receiver.baseUrl(),
        "pipeline.cloudwatch.step", "1s");
  }

  @Override
  public void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  /** Every metric datum of every PutMetricData request received so far, decoded. */
  static List<JsonNode> datums() throws Exception {
    List<JsonNode> datums = new ArrayList<>();
    for (JsonNode body : LocalCloudWatch.requestBodies(receiver)) {
      if (!"IotPipeline".equals(body.path("Namespace").asText())) {
        throw new AssertionError("PutMetricData for another namespace: " + body);
      }
      body.path("MetricData").forEach(datums::add);
    }
    return datums;
  }
}
