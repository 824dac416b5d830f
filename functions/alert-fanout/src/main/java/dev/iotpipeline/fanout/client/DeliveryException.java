package dev.iotpipeline.fanout.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A delivery to PagerDuty or SNS did not go through. {@link #retryable()} tells a passing failure
 * (429, 5xx, timeout, connection) from one that retrying cannot fix (e.g. 400, 403). Messages never
 * carry secrets: they name the channel and the HTTP status, not the request.
 */
public class DeliveryException extends RuntimeException {

  private final boolean retryable;
  private final Duration retryAfter;

  public DeliveryException(
      String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** A failure worth retrying. */
  public static DeliveryException retryable(String message, Duration retryAfter, Throwable cause) {
    return new Retryable(message, retryAfter, cause);
  }

  /** A failure that another attempt would repeat. */
  public static DeliveryException permanent(String message, Throwable cause) {
    return new DeliveryException(message, false, null, cause);
  }

  public boolean retryable() {
    return retryable;
  }

  /** The wait the server asked for (HTTP Retry-After), where it named one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The retryable kind: the fault-tolerance guard retries exactly this class. */
  public static final class Retryable extends DeliveryException {
    Retryable(String message, Duration retryAfter, Throwable cause) {
      super(message, true, retryAfter, cause);
    }
  }
}
