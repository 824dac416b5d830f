package dev.iotpipeline.fanout.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
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
 * <p>Every record is tried. A delivery already recorded in the {@link DeliveryLedger} is skipped; a
 * new one is retried by {@link DeliveryRetry} and recorded once it succeeds. When something still
 * fails (a delivery after its retries, or a record that is not an alert) the rest of the batch is
 * still delivered, and then the invocation fails naming what failed, so the event source mapping
 * retries the batch (the ledger and PagerDuty's dedup_key keep the retry from notifying twice) and
 * in the end passes it to its on-failure destination.
 *
 * <p>Alerts are delivered in lanes, one per sensor (the Kafka key, so a lane is in offset order),
 * up to {@link FanoutConfig#parallelism()} lanes at a time: one sensor's alerts keep their order
 * while a storm of alerts from many sensors does not queue behind each HTTP round trip. Two
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
  private final ExecutorService lanes;

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
    AtomicInteger threads = new AtomicInteger();
    this.lanes =
        Executors.newFixedThreadPool(
            Math.max(1, config.parallelism()),
            task -> {
              Thread thread = new Thread(task, "fanout-lane-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @PreDestroy
  void stop() {
    lanes.shutdownNow();
  }

  /** Delivers the batch; throws {@link FanoutFailedException} when anything could not be. */
  public FanoutResult fanOut(MskEvent event) {
    List<MskRecord> records = MskRecords.all(event);
    Batch batch = new Batch();
    Map<String, List<Alert>> bySensor = new LinkedHashMap<>();
    Set<String> alertIds = new LinkedHashSet<>();
    for (MskRecord record : records) {
      try {
        Alert alert = parse(record);
        bySensor
            .computeIfAbsent(String.valueOf(alert.sensorId()), k -> new ArrayList<>())
            .add(alert);
        alertIds.add(alert.alertId());
      } catch (IllegalArgumentException e) {
        batch.failures.add(MskRecords.position(record) + ": " + e.getMessage());
      }
    }
    batch.done.addAll(ledger.deliveredOf(List.copyOf(alertIds)));

    if (bySensor.size() <= 1 || config.parallelism() <= 1) {
      bySensor.values().forEach(lane -> deliverLane(lane, batch));
    } else {
      List<Future<?>> running = new ArrayList<>(bySensor.size());
      bySensor.values().forEach(lane -> running.add(lanes.submit(() -> deliverLane(lane, batch))));
      awaitAll(running);
    }

    FanoutResult result =
        new FanoutResult(
            records.size(), batch.delivered.get(), batch.skipped.get(), batch.notRouted.get());
    List<String> failures = List.copyOf(batch.failures);
    if (!failures.isEmpty()) {
      throw new FanoutFailedException(
          failures.size()
              + " of the batch's deliveries failed; the batch will be retried ("
              + result
              + "): "
              + String.join(
                  "; ", failures.subList(0, Math.min(MAX_FAILURES_NAMED, failures.size())))
              + (failures.size() > MAX_FAILURES_NAMED ? "; …" : ""),
          batch.firstCause.get());
    }
    Log.infof(
        "Fanned out %d alerts: %d delivered, %d already delivered, %d routed nowhere",
        records.size(), result.delivered(), result.alreadyDelivered(), result.notRouted());
    return result;
  }

  /** One sensor's alerts, in order. */
  private void deliverLane(List<Alert> lane, Batch batch) {
    // alertId|channel of this lane's deliveries that failed in this invocation.
    Set<String> failedHere = new HashSet<>();
    for (Alert alert : lane) {
      List<Channel> channels = router.channels(alert);
      if (channels.isEmpty()) {
        batch.notRouted.incrementAndGet();
      }
      for (Channel channel : channels) {
        String what = alert.alertId() + " (" + alert.status() + ") to " + channel;
        String key = DeliveryLedger.key(alert.alertId(), alert.status(), channel);
        if (batch.done.contains(key)) {
          batch.skipped.incrementAndGet();
          continue;
        }
        if (failedHere.contains(alert.alertId() + '|' + channel)) {
          batch.failures.add(
              what + ": held back behind an earlier failed record of the same alert");
          continue;
        }
        if (batch.down.contains(channel)) {
          batch.failures.add(what + ": not tried, " + channel + " failed earlier in this batch");
          continue;
        }
        try {
          String receipt = retry.deliver(() -> deliver(alert, channel));
          ledger.record(alert.alertId(), alert.status(), channel, receipt);
          batch.done.add(key);
          batch.delivered.incrementAndGet();
        } catch (DeliveryException e) {
          Log.warnf("Delivery of alert %s failed: %s", what, e.getMessage());
          batch.failures.add(what + ": " + e.getMessage());
          failedHere.add(alert.alertId() + '|' + channel);
          if (e.retryable()) {
            batch.down.add(channel);
          }
          batch.firstCause.compareAndSet(null, e);
        }
      }
    }
  }

  /** Waits for every lane; an unexpected failure of one (e.g. the database) fails the batch. */
  private static void awaitAll(List<Future<?>> running) {
    RuntimeException unexpected = null;
    for (Future<?> lane : running) {
      try {
        lane.get();
      } catch (ExecutionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException(e.getCause());
        if (unexpected == null) {
          unexpected = cause;
        } else {
          unexpected.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while delivering alerts", e);
      }
    }
    if (unexpected != null) {
      throw unexpected;
    }
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

  /** What the lanes of one invocation share. */
  private static final class Batch {
    final Set<String> done = ConcurrentHashMap.newKeySet();
    final Set<Channel> down = ConcurrentHashMap.newKeySet();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<RuntimeException> firstCause = new AtomicReference<>();
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger notRouted = new AtomicInteger();
  }
}
