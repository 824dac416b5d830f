package dev.iotpipeline.ingest.decode;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * A payload that cannot become readings, with the reason code of its dead letter. Thrown by the
 * decoders and checks and always caught by the translator: it never leaves the ingest service.
 */
public final class PayloadRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  public PayloadRejectedException(DeadLetterReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
