package dev.iotpipeline.ingest.function;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.ingest.service.InvocationMetrics;
import io.quarkus.funqy.Funq;
import io.quarkus.logging.Log;

/**
 * The Lambda entry point ({@code quarkus.funqy.export=ingest}). Thin: the event's shape is told
 * apart by {@link TriggerDispatcher}, the work is done by the ingest service. Throws (fails the
 * invocation) only when the broker did not acknowledge the records. The meters are published at the
 * end of every invocation, failed ones included (in Lambda as EMF lines, before the container is
 * frozen).
 */
public class IngestFunction {

  @Inject TriggerDispatcher dispatcher;

  @Inject InvocationMetrics metrics;

  @Funq("ingest")
  public JsonNode ingest(JsonNode event) {
    try {
      return dispatcher.handle(event);
    } finally {
      publishMetrics();
    }
  }

  private void publishMetrics() {
    try {
      metrics.invocationEnded();
    } catch (RuntimeException e) {
      // Metrics must neither fail an invocation nor hide the exception that is failing it.
      Log.warnf(e, "Could not publish the invocation's metrics");
    }
  }
}
