package dev.iotpipeline.fanout.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.iotpipeline.fanout.config.FanoutConfig;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * The plain AWS SDK v2 SNS client (the Quarkiverse SNS extension does not align with the SDK
 * versions that resolve here): URL-connection HTTP client, credentials from the default chain (the
 * Lambda role), endpoint override for local runs and tests. The SDK's own retries are off: {@link
 * DeliveryRetry} retries every channel the same way.
 */
@ApplicationScoped
public class AwsClients {

  @Produces
  @ApplicationScoped
  SnsClient sns(FanoutConfig config) {
    FanoutConfig.Sns sns = config.sns();
    SnsClientBuilder builder =
        SnsClient.builder()
            .region(Region.of(sns.region()))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(sns.attemptTimeout())
                    .socketTimeout(sns.attemptTimeout()))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(sns.attemptTimeout()));
    sns.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes SnsClient client) {
    client.close();
  }
}
