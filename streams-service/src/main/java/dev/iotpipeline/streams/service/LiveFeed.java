package dev.iotpipeline.streams.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.ContractJson;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Fans alerts out to the live stream's subscribers (the dashboard's SSE connections). It reads
 * {@code iot-alerts} on a channel of its own ({@code alerts-live}), in a consumer group of this
 * instance alone, from the end: the alert store's group shares the partitions among the instances,
 * so with several instances each would see only its share of the alerts (decision 0317).
 */
@ApplicationScoped
public class LiveFeed {

  private static final ObjectMapper JSON = ContractJson.mapper();

  private final BroadcastProcessor<Alert> alerts = BroadcastProcessor.create();

  /** Every alert committed to iot-alerts from now on; unreadable ones are the store's to report. */
  @Incoming("alerts-live")
  public void consume(String json) {
    try {
      publishAlert(JSON.readValue(json, Alert.class));
    } catch (JsonProcessingException e) {
      // The alert store's channel dead-letters the same record with its reason.
      Log.debugf("Live feed skips an unreadable alert: %s", e.getOriginalMessage());
    }
  }

  public void publishAlert(Alert alert) {
    alerts.onNext(alert);
  }

  /** Alerts from now on; a slow subscriber drops the oldest rather than holding others back. */
  public Multi<Alert> alerts() {
    return alerts.onOverflow().bufferUnconditionally();
  }
}
