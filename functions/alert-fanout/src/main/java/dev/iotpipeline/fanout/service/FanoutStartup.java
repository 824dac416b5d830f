package dev.iotpipeline.fanout.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.iotpipeline.fanout.client.RoutingKey;
import dev.iotpipeline.fanout.config.FanoutConfig;
import dev.iotpipeline.fanout.config.FanoutSettings;
import io.quarkus.runtime.StartupEvent;

/**
 * Start-up checks (Lambda init): bad settings stop the function with a message naming them, the
 * routing key is read once (from Secrets Manager where configured so), and the idempotency table
 * exists before the first batch.
 */
@ApplicationScoped
public class FanoutStartup {

  void onStart(
      @Observes StartupEvent start,
      FanoutConfig config,
      RoutingKey routingKey,
      DeliveryLedger ledger) {
    FanoutSettings.check(config);
    if (config.pagerduty().enabled()) {
      routingKey.get();
    }
    if (config.idempotency().createTable()) {
      ledger.createTable();
    }
  }
}
