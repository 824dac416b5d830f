package dev.iotpipeline.fanout.service;

/**
 * Thrown from the handler when a record of the batch could not be delivered: the invocation fails,
 * the event source mapping retries the batch and finally hands it to its on-failure destination.
 * The message names the alert ids, statuses and channels (never a secret).
 */
public class FanoutFailedException extends RuntimeException {

  public FanoutFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
