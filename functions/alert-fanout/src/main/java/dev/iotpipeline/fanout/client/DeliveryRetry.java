package dev.iotpipeline.fanout.client;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpipeline.fanout.config.FanoutConfig;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Runs one delivery under SmallRye Fault Tolerance's retry: only {@link
 * DeliveryException.Retryable} failures are retried, with {@link RetryAfterBackoff}. The clients'
 * own per-attempt timeouts (HTTP request timeout, SDK attempt timeout) end a hanging attempt; a
 * fault-tolerance {@code @Timeout} would only interrupt the waiting thread and leave the request
 * running.
 */
@ApplicationScoped
public class DeliveryRetry {

  private final Guard guard;

  public DeliveryRetry(FanoutConfig config) {
    FanoutConfig.Retry retry = config.retry();
    this.guard =
        Guard.create()
            .withDescription("alert delivery")
            .withRetry()
            .maxRetries(retry.maxRetries())
            .delay(retry.initialDelay().toMillis(), ChronoUnit.MILLIS)
            .jitter(0, ChronoUnit.MILLIS)
            .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
            .retryOn(DeliveryException.Retryable.class)
            .withCustomBackoff()
            .strategy(
                () ->
                    new RetryAfterBackoff(
                        retry.initialDelay(),
                        retry.factor(),
                        retry.maxDelay(),
                        retry.maxRetryAfter()))
            .done()
            .done()
            .build();
  }

  /**
   * Delivers, retrying passing failures.
   *
   * @return what the delivery returned (a receipt: PagerDuty dedup key, SNS message id)
   * @throws DeliveryException the last failure when every attempt failed, or a permanent one
   */
  public String deliver(Callable<String> delivery) {
    try {
      return guard.call(delivery, String.class);
    } catch (DeliveryException e) {
      throw e;
    } catch (Exception e) {
      throw DeliveryException.permanent("delivery failed: " + e, e);
    }
  }
}
