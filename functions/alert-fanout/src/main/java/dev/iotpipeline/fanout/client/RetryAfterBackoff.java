package dev.iotpipeline.fanout.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with "equal jitter" (half the step fixed, half random), floored by the wait a
 * server asked for in Retry-After (PagerDuty's rate limiting, SNS throttling) up to a cap. The
 * fixed half keeps retries from hammering a struggling endpoint; the random half spreads the
 * retries of concurrent Lambda instances apart. One instance per delivery (it counts attempts).
 */
public final class RetryAfterBackoff implements CustomBackoffStrategy {

  private final long initialMillis;
  private final int factor;
  private final long maxMillis;
  private final long maxRetryAfterMillis;
  private long step;

  public RetryAfterBackoff(
      Duration initialDelay, int factor, Duration maxDelay, Duration maxRetryAfter) {
    this.initialMillis = initialDelay.toMillis();
    this.factor = factor;
    this.maxMillis = maxDelay.toMillis();
    this.maxRetryAfterMillis = maxRetryAfter.toMillis();
    this.step = initialMillis;
  }

  @Override
  public void init(long initialDelayInMillis) {
    step = initialMillis;
  }

  @Override
  public long nextDelayInMillis(Throwable cause) {
    long current = Math.min(step, maxMillis);
    step = Math.min(maxMillis, step * factor);
    long half = current / 2;
    long delay = half + (half > 0 ? ThreadLocalRandom.current().nextLong(current - half + 1) : 0);
    if (cause instanceof DeliveryException failure && failure.retryAfter().isPresent()) {
      long asked = Math.min(failure.retryAfter().get().toMillis(), maxRetryAfterMillis);
      delay = Math.max(delay, asked);
    }
    return delay;
  }
}
