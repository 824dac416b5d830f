package dev.iotpipeline.ingest.service;

/**
 * The broker did not acknowledge every record of a message in time. It fails the invocation, so the
 * IoT rule's error action or the HTTP caller's retry applies; nothing is acknowledged as taken.
 */
public class PublishException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
