package dev.iotpipeline.fanout.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.msk.MskEvent;
import dev.iotpipeline.contracts.msk.MskRecord;
import dev.iotpipeline.contracts.msk.MskRecords;
import dev.iotpipeline.fanout.client.DeliveryException;
import dev.iotpipeline.fanout.client.DeliveryRetry;
import dev.iotpipeline.fanout.client.PagerDutyClient;
import dev.iotpipeline.fanout.client.RoutingKey;
import dev.iotpipeline.fanout.client.SnsPublisher;
import dev.iotpipeline.fanout.config.FanoutConfig;
import io.quarkus.logging.Log;

/**
 * Fans one MSK batch of alerts out to PagerDuty and SNS.
 *
 * <p>Every record is tried, in batch order. A delivery already recorded in the {@link
 * DeliveryLedger} is skipped; a new one is retried by {@link DeliveryRetry} and recorded once it
 * succeeds. When something still fails (a delivery after its retries, or a record that is not an
 * alert) the rest of the batch is still delivered, and then the invocation fails naming what
 * failed, so the event source mapping retries the batch (the ledger and PagerDuty's dedup_key keep
 * the retry from notifying twice) and in the end passes it to its on-failure destination. Two
 * shortcuts keep a failing invocation short and ordered: once a channel failed after its retries,
 * the rest of the batch does not wait on it again; and once a delivery of an alert failed on a
 * channel, the later records of that alert wait for the retry on that channel too (a resolve never
 * overtakes its trigger). Other channels of a failed alert are still served: SNS still tells people
 * when PagerDuty is down.
 */
@ApplicationScoped
public class FanoutService {

  private static final int MAX_FAILURES_NAMED = 10;

  private final AlertRouter router;
  private final DeliveryLedger ledger;
  private final DeliveryRetry retry;
  private final PagerDutyClient pagerDuty;
  private final SnsPublisher sns;
  private final RoutingKey routingKey;
  private final FanoutConfig config;

  public FanoutService(
      DeliveryLedger ledger,
      DeliveryRetry retry,
      PagerDutyClient pagerDuty,
      SnsPublisher sns,
      RoutingKey routingKey,
      FanoutConfig config) {
    this.router = new AlertRouter(config.pagerduty().enabled(), config.sns().enabled());
    this.ledger = ledger;
    this.retry = retry;
    this.pagerDuty = pagerDuty;
    this.sns = sns;
    this.routingKey = routingKey;
    this.config = config;
  }

  /** Delivers the batch; throws {@link FanoutFailedException} when anything could not be. */
  public FanoutResult fanOut(MskEvent event) {
    List<MskRecord> records = MskRecords.all(event);
    List<String> failures = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>(records.size());
    for (MskRecord record : records) {
      try {
        alerts.add(parse(record));
      } catch (IllegalArgumentException e) {
        failures.add(MskRecords.position(record) + ": " + e.getMessage());
        alerts.add(null);
      }
    }
    Set<String> alertIds = new LinkedHashSet<>();
    alerts.stream().filter(a -> a != null).forEach(a -> alertIds.add(a.alertId()));
    Set<String> done = ledger.deliveredOf(List.copyOf(alertIds));

    Set<Channel> down = EnumSet.noneOf(Channel.class);
    // alertId|channel of deliveries that failed in this invocation.
    Set<String> failedAlerts = new HashSet<>();
    RuntimeException firstCause = null;
    int delivered = 0;
    int skipped = 0;
    int notRouted = 0;
    for (Alert alert : alerts) {
      if (alert == null) {
        continue;
      }
      List<Channel> channels = router.channels(alert);
      if (channels.isEmpty()) {
        notRouted++;
      }
      for (Channel channel : channels) {
        String what = alert.alertId() + " (" + alert.status() + ") to " + channel;
        if (done.contains(DeliveryLedger.key(alert.alertId(), alert.status(), channel))) {
          skipped++;
          continue;
        }
        if (failedAlerts.contains(alert.alertId() + '|' + channel)) {
          failures.add(what + ": held back behind an earlier failed record of the same alert");
          continue;
        }
        if (down.contains(channel)) {
          failures.add(what + ": not tried, " + channel + " failed earlier in this batch");
          continue;
        }
        try {
          String receipt = retry.deliver(() -> deliver(alert, channel));
          ledger.record(alert.alertId(), alert.status(), channel, receipt);
          done.add(DeliveryLedger.key(alert.alertId(), alert.status(), channel));
          delivered++;
        } catch (DeliveryException e) {
          Log.warnf("Delivery of alert %s failed: %s", what, e.getMessage());
          failures.add(what + ": " + e.getMessage());
          failedAlerts.add(alert.alertId() + '|' + channel);
          if (e.retryable()) {
            down.add(channel);
          }
          if (firstCause == null) {
            firstCause = e;
          }
        }
      }
    }
    FanoutResult result = new FanoutResult(records.size(), delivered, skipped, notRouted);
    if (!failures.isEmpty()) {
      throw new FanoutFailedException(
          failures.size()
              + " of the batch's deliveries failed; the batch will be retried ("
              + result
              + "): "
              + String.join(
                  "; ", failures.subList(0, Math.min(MAX_FAILURES_NAMED, failures.size())))
              + (failures.size() > MAX_FAILURES_NAMED ? "; …" : ""),
          firstCause);
    }
    Log.infof(
        "Fanned out %d alerts: %d delivered, %d already delivered, %d routed nowhere",
        records.size(), delivered, skipped, notRouted);
    return result;
  }

  private String deliver(Alert alert, Channel channel) {
    return switch (channel) {
      case PAGERDUTY -> pagerDuty.send(AlertMessages.pagerDutyEvent(alert, routingKey.get()));
      case SNS_CRITICAL ->
          sns.publish(
              config.sns().criticalTopicArn().orElseThrow(),
              AlertMessages.subject(alert),
              AlertMessages.body(alert),
              AlertMessages.attributes(alert));
      case SNS_MONITORING ->
          sns.publish(
              config.sns().monitoringTopicArn().orElseThrow(),
              AlertMessages.subject(alert),
              AlertMessages.body(alert),
              AlertMessages.attributes(alert));
    };
  }

  /** The alert of a record, or an IllegalArgumentException saying why it is none. */
  static Alert parse(MskRecord record) {
    byte[] value = MskRecords.value(record);
    if (value == null) {
      throw new IllegalArgumentException("the record has no value");
    }
    Alert alert;
    try {
      alert = ContractJson.mapper().readValue(value, Alert.class);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      int newline = message.indexOf('\n');
      throw new IllegalArgumentException(
          "the value is not an alert: " + (newline < 0 ? message : message.substring(0, newline)));
    }
    if (alert == null
        || alert.alertId() == null
        || alert.severity() == null
        || alert.status() == null) {
      throw new IllegalArgumentException("the alert lacks alertId, severity or status");
    }
    return alert;
  }
}
