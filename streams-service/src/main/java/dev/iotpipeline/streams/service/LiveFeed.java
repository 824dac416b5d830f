package dev.iotpipeline.streams.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpipeline.contracts.Alert;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** Fans stored alerts out to the live stream's subscribers (the dashboard's SSE connections). */
@ApplicationScoped
public class LiveFeed {

  private final BroadcastProcessor<Alert> alerts = BroadcastProcessor.create();

  public void publishAlert(Alert alert) {
    alerts.onNext(alert);
  }

  /** Alerts from now on; a slow subscriber drops the oldest rather than holding others back. */
  public Multi<Alert> alerts() {
    return alerts.onOverflow().bufferUnconditionally();
  }
}
