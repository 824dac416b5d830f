package dev.iotpipeline.ingest.service;

import java.util.EnumMap;
import java.util.Map;

import dev.iotpipeline.contracts.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The ingest meters (CONTRACT.md §2; the CloudWatch alarms in infra/ use these names). Accounting:
 * every message counts once in {@code ingest.messages.received} and, once the broker acknowledged
 * its records, once in {@code ingest.messages.accepted} (at least one reading or presence change
 * published) or {@code ingest.messages.rejected} (tag {@code reason}); a message whose records the
 * broker did not take counts in {@code ingest.publish.failures} and comes back as a retry.
 */
public final class IngestMetrics {

  public static final String RECEIVED = "ingest.messages.received";
  public static final String ACCEPTED_MESSAGES = "ingest.messages.accepted";
  public static final String ACCEPTED_READINGS = "ingest.readings.accepted";
  public static final String REJECTED = "ingest.messages.rejected";
  public static final String PUBLISH_LATENCY = "ingest.publish.latency";
  public static final String PUBLISH_FAILURES = "ingest.publish.failures";

  private final Counter received;
  private final Counter acceptedMessages;
  private final Counter acceptedReadings;
  private final Counter publishFailures;
  private final Timer publishLatency;
  private final Map<DeadLetterReason, Counter> rejected = new EnumMap<>(DeadLetterReason.class);

  public IngestMetrics(MeterRegistry registry) {
    received =
        Counter.builder(RECEIVED).description("Messages received by ingest").register(registry);
    acceptedMessages =
        Counter.builder(ACCEPTED_MESSAGES)
            .description("Messages that became readings or presence changes")
            .register(registry);
    acceptedReadings =
        Counter.builder(ACCEPTED_READINGS)
            .description("Canonical readings written to iot-raw-events")
            .register(registry);
    publishFailures =
        Counter.builder(PUBLISH_FAILURES)
            .description(
                "Messages whose records the broker did not acknowledge (invocation failed)")
            .register(registry);
    publishLatency =
        Timer.builder(PUBLISH_LATENCY)
            .description("Time from the first send to the last acknowledgement of a message")
            .register(registry);
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      rejected.put(
          reason,
          Counter.builder(REJECTED)
              .description("Messages written to iot-dlq")
              .tag("reason", reason.name())
              .register(registry));
    }
  }

  void received() {
    received.increment();
  }

  void accepted(int readings) {
    acceptedMessages.increment();
    acceptedReadings.increment(readings);
  }

  void rejected(DeadLetterReason reason) {
    rejected.get(reason).increment();
  }

  void publishFailed() {
    publishFailures.increment();
  }

  Timer publishLatency() {
    return publishLatency;
  }
}
