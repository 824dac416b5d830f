package dev.iotpipeline.ingest.function;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.Funq;

/**
 * The Lambda entry point ({@code quarkus.funqy.export=ingest}). Thin: the event's shape is told
 * apart by {@link TriggerDispatcher}, the work is done by the ingest service. Throws (fails the
 * invocation) only when the broker did not acknowledge the records.
 */
public class IngestFunction {

  @Inject TriggerDispatcher dispatcher;

  @Funq("ingest")
  public JsonNode ingest(JsonNode event) {
    return dispatcher.handle(event);
  }
}
