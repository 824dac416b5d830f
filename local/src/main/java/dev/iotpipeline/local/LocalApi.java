package dev.iotpipeline.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.local.aws.EventSourceMapping;
import dev.iotpipeline.local.aws.HttpGateway;
import dev.iotpipeline.local.aws.HttpGateway.Response;
import dev.iotpipeline.local.aws.IngestEdge;
import dev.iotpipeline.local.aws.LambdaRuntimeApi;
import dev.iotpipeline.local.receiver.RecordingReceiver;
import dev.iotpipeline.local.simulator.DeviceSimulator;

/**
 * The launcher's own API under {@code /local/} (the dashboard's window into the stand-ins): what
 * runs where, the per-stage counters, what the PagerDuty and SNS receivers were sent, the latest
 * dead letters, and the simulator's knobs.
 */
final class LocalApi implements HttpGateway.LocalApi {

  private final LocalPipeline pipeline;

  LocalApi(LocalPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public Response handle(String method, String path, String query, byte[] body) throws Exception {
    int limit = limit(query);
    return switch (method + " " + path) {
      case "GET /local/status" -> new Response(200, status());
      case "GET /local/stats" -> new Response(200, stats());
      case "GET /local/receivers/pagerduty" ->
          new Response(200, received(pipeline.pagerDuty(), limit));
      case "GET /local/receivers/sns" -> new Response(200, received(pipeline.sns(), limit));
      case "GET /local/dlq" -> new Response(200, pipeline.tally().recentDeadLetters(limit));
      case "GET /local/aggregates" -> new Response(200, pipeline.tally().recentAggregates(limit));
      case "GET /local/simulator" -> simulator(null);
      case "PUT /local/simulator", "POST /local/simulator" ->
          simulator(ContractJson.mapper().readTree(body));
      default ->
          new Response(404, Map.of("error", "no such local endpoint: " + method + " " + path));
    };
  }

  private Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("components", pipeline.status());
    status.put("notBuilt", pipeline.missing());
    status.put("dataDir", pipeline.settings().dataDir().toString());
    return status;
  }

  /**
   * The per-stage counters. {@code edge}: messages handed to the ingest function by protocol and
   * its verdicts ({@code received = accepted + rejected + failed}); {@code topics}: records per
   * topic; {@code breakdown}: dead letters by reason, alerts by severity/status/type.
   */
  Map<String, Object> stats() {
    Map<String, Object> stats = new LinkedHashMap<>();
    IngestEdge ingest = pipeline.ingest();
    if (ingest != null) {
      Map<String, Object> edge = new LinkedHashMap<>();
      Map<String, Long> byProtocol = ingest.delivered();
      long received = byProtocol.values().stream().mapToLong(Long::longValue).sum();
      edge.put("received", received);
      edge.put("byProtocol", byProtocol);
      edge.put("accepted", ingest.accepted());
      edge.put("rejected", ingest.rejected());
      edge.put("failed", ingest.failed());
      edge.put("readings", ingest.readings());
      stats.put("edge", edge);
    }
    stats.put("topics", pipeline.tally().counts());
    stats.put("rates", pipeline.tally().rates());
    stats.put("breakdown", pipeline.tally().breakdown());
    Map<String, Object> functions = new TreeMap<>();
    for (Map.Entry<String, LambdaRuntimeApi> f : pipeline.functions().entrySet()) {
      functions.put(
          f.getKey(),
          Map.of(
              "invocations", f.getValue().invocations(),
              "errors", f.getValue().errors(),
              "queued", f.getValue().queued()));
    }
    stats.put("functions", functions);
    Map<String, Object> mappings = new TreeMap<>();
    for (EventSourceMapping m : pipeline.mappings()) {
      mappings.put(
          m.name(),
          Map.of(
              "topics", m.topics(),
              "batches", m.batches(),
              "records", m.records(),
              "failedBatches", m.failedBatches()));
    }
    stats.put("eventSourceMappings", mappings);
    stats.put(
        "receivers",
        Map.of("pagerduty", pipeline.pagerDuty().total(), "sns", pipeline.sns().total()));
    DeviceSimulator simulator = pipeline.simulator();
    if (simulator != null) {
      stats.put("simulator", simulator.snapshot());
    }
    return stats;
  }

  private static List<RecordingReceiver.Received> received(RecordingReceiver receiver, int limit) {
    return receiver.recent(limit);
  }

  private Response simulator(JsonNode change) {
    DeviceSimulator simulator = pipeline.simulator();
    if (simulator == null) {
      return new Response(
          404, Map.of("error", "the simulator is not running (-Dlocal.simulator=false)"));
    }
    if (change != null) {
      if (change.has("speed")) {
        double speed = change.path("speed").asDouble();
        if (!(speed > 0 && speed <= 10)) {
          return new Response(400, Map.of("error", "speed must be > 0 and <= 10, was " + speed));
        }
        simulator.setSpeed(speed);
      }
      if (change.has("paused")) {
        simulator.setPaused(change.path("paused").asBoolean());
      }
      if (change.has("theftNow")) {
        simulator.injectTheftNow(change.path("theftNow").asInt(1));
      }
    }
    return new Response(200, simulator.snapshot());
  }

  private static int limit(String query) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("limit=")) {
          try {
            return Math.max(1, Math.min(500, Integer.parseInt(pair.substring(6))));
          } catch (NumberFormatException e) {
            return 50;
          }
        }
      }
    }
    return 50;
  }
}
