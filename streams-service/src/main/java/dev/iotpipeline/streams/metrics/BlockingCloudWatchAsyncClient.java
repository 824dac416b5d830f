package dev.iotpipeline.streams.metrics;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;

/**
 * The one call Micrometer's CloudWatch registry makes ({@code PutMetricData}), answered by the
 * blocking client. The registry publishes from its own thread once a step and waits for the answer
 * anyway, so an asynchronous HTTP stack (Netty or CRT, with their event loops and native parts)
 * would buy nothing; the URL-connection client is the one the other AWS clients here use.
 */
final class BlockingCloudWatchAsyncClient implements CloudWatchAsyncClient {

  private final CloudWatchClient client;

  BlockingCloudWatchAsyncClient(CloudWatchClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
    try {
      return CompletableFuture.completedFuture(client.putMetricData(request));
    } catch (RuntimeException e) {
      // The registry logs a failed future with the request; the next step tries again.
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    client.close();
  }
}
