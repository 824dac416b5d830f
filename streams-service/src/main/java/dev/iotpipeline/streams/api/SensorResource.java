package dev.iotpipeline.streams.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.service.DeviceService;
import dev.iotpipeline.streams.service.PeerQueries;
import dev.iotpipeline.streams.service.SensorQueries;
import dev.iotpipeline.streams.service.ServiceInstances;
import dev.iotpipeline.streams.service.StateOwners;
import dev.iotpipeline.streams.store.AlertRecord;
import dev.iotpipeline.streams.store.AlertStore;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** A sensor's registry data, connection state, latest aggregates and open alerts. */
@Path("/api/sensors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sensors")
public class SensorResource {

  /**
   * One sensor.
   *
   * @param registry the registry row (PostgreSQL), or null
   * @param enrichment the registry entry the topology enriches with (GlobalKTable), or null
   * @param connected the connection state (null: never reported; readings count as connected)
   * @param lastEventTime event time of its latest reading
   * @param latestAggregates the latest final aggregate of each metric
   * @param openAlerts alerts still TRIGGERED
   */
  public record SensorView(
      String sensorId,
      Device registry,
      Device enrichment,
      Boolean connected,
      Long lastEventTime,
      List<WindowAggregate> latestAggregates,
      List<AlertRecord> openAlerts) {}

  /** One point on the dashboard's map. */
  public record SensorSummary(
      String sensorId,
      String deviceType,
      Double lat,
      Double lon,
      Boolean connected,
      Long lastEventTime,
      long openAlerts) {}

  /**
   * Set on an answer from this instance's standby copy because the owner ({@code host:port}) could
   * not be reached (decision 0324).
   */
  public static final String OWNER_UNREACHABLE = "X-Iot-Owner-Unreachable";

  @Inject DeviceService devices;
  @Inject SensorQueries queries;
  @Inject ServiceInstances instances;
  @Inject AlertStore alerts;
  @Inject ObjectMapper json;

  private static final TypeReference<List<SensorSummary>> SUMMARIES = new TypeReference<>() {};

  @GET
  @Path("/{id}")
  @Operation(
      summary = "Registry data, connection state and latest aggregates of one sensor",
      description =
          "Answered by the instance that holds the sensor's state: another instance forwards the"
              + " request there (decision 0317). When that instance cannot be reached, a standby"
              + " copy of the sensor's state answers (this instance's, or another's), marked with"
              + " X-Iot-Owner-Unreachable (decision 0324).")
  public Uni<Response> get(
      @PathParam("id") String id,
      @Parameter(description = "Set by an instance forwarding the query; answer it here")
          @HeaderParam(PeerQueries.FORWARDED_BY)
          String forwardedBy) {
    if (forwardedBy == null) {
      StateOwners.Route route = instances.route(id);
      if (route.remoteActive().isPresent()) {
        HostInfo owner = route.remoteActive().get();
        Uni<Response> forwarded = askFor(owner, id);
        // An owner that stopped keeps its partitions until the group notices (up to the session
        // timeout): meanwhile a standby copy answers, a few seconds stale at most — this
        // instance's, or else another instance's (which answers a forwarded query from its own
        // copies, active or standby).
        if (!route.standbyHere() && route.standbyElsewhere().isEmpty()) {
          return forwarded;
        }
        String unreachableOwner = PeerQueries.address(owner);
        return forwarded
            .onFailure(PeerQueries.PeerUnavailableException.class)
            .recoverWithUni(
                unreachable ->
                    (route.standbyHere()
                            ? answerHere(id)
                            : fromStandby(id, route.standbyElsewhere(), 0, unreachable))
                        .map(
                            answer ->
                                Response.fromResponse(answer)
                                    .header(OWNER_UNREACHABLE, unreachableOwner)
                                    .build()));
      }
    }
    return answerHere(id);
  }

  /**
   * The sensor from the standby copies of other instances, tried in turn from {@code next}; when
   * none of them can be reached either, the owner's failure.
   */
  private Uni<Response> fromStandby(
      String id, List<HostInfo> standbys, int next, Throwable ownerUnreachable) {
    if (next == standbys.size()) {
      return Uni.createFrom().failure(ownerUnreachable);
    }
    return askFor(standbys.get(next), id)
        .onFailure(PeerQueries.PeerUnavailableException.class)
        .recoverWithUni(down -> fromStandby(id, standbys, next + 1, ownerUnreachable));
  }

  /** The sensor as another instance answers it, relayed as it came. */
  private Uni<Response> askFor(HostInfo instance, String id) {
    return Uni.createFrom()
        .completionStage(() -> instances.ask(instance, "/api/sensors/" + id, null))
        .onFailure(CompletionException.class)
        .transform(Throwable::getCause)
        .map(SensorResource::relay);
  }

  /** The sensor as this instance's stores (active or standby) and the database know it. */
  private Uni<Response> answerHere(String id) {
    DeviceState state = queries.deviceState(id);
    Device enrichment = queries.registryEntry(id);
    List<WindowAggregate> aggregates = queries.latestAggregates(id);
    return devices
        .get(id)
        .chain(
            device ->
                alerts
                    .open(id)
                    .map(
                        open -> {
                          if (device == null && state == null && enrichment == null) {
                            return ErrorMappers.json(
                                Response.Status.NOT_FOUND, "Nothing known of sensor " + id);
                          }
                          return Response.ok(
                                  new SensorView(
                                      id,
                                      device,
                                      enrichment,
                                      state == null ? null : state.connected(),
                                      state == null ? null : state.lastEventTime(),
                                      aggregates,
                                      open))
                              .build();
                        }));
  }

  /** The owner's answer as it came, marked with who answered it. */
  private static Response relay(PeerQueries.Answer answer) {
    return Response.status(answer.status())
        .type(answer.contentType())
        .header(PeerQueries.SERVED_BY, answer.servedBy())
        .entity(answer.body())
        .build();
  }

  @GET
  @Operation(
      summary = "Sensors for the map: position, connection state, open alert count",
      description =
          "Connection state from every instance: each holds its own partitions' sensors (decision"
              + " 0317). An instance that does not answer leaves its sensors without state.")
  public Uni<List<SensorSummary>> list(
      @QueryParam("limit") @DefaultValue("1000") int limit,
      @Parameter(description = "Set by an instance gathering the map; answer from here only")
          @HeaderParam(PeerQueries.FORWARDED_BY)
          String forwardedBy) {
    Paging.check(0, limit);
    List<HostInfo> others = forwardedBy == null ? instances.others() : List.of();
    if (others.isEmpty()) {
      return localList(limit);
    }
    List<Uni<List<SensorSummary>>> lists = new ArrayList<>();
    lists.add(localList(limit));
    others.forEach(other -> lists.add(listOf(other, limit)));
    return Uni.join().all(lists).andFailFast().map(all -> merge(all, limit));
  }

  /**
   * One list from the instances' lists, in their order: each sensor once, with the connection state
   * of the instance that holds it (the others list registered sensors without state).
   */
  static List<SensorSummary> merge(List<List<SensorSummary>> lists, int limit) {
    Map<String, SensorSummary> merged = new LinkedHashMap<>();
    for (List<SensorSummary> list : lists) {
      for (SensorSummary sensor : list) {
        merged.merge(sensor.sensorId(), sensor, (first, later) -> hasState(first) ? first : later);
      }
    }
    return new ArrayList<>(merged.values()).subList(0, Math.min(limit, merged.size()));
  }

  private static boolean hasState(SensorSummary sensor) {
    return sensor.connected() != null || sensor.lastEventTime() != null;
  }

  /** Another instance's own part of the map; empty, and logged, when it does not answer. */
  private Uni<List<SensorSummary>> listOf(HostInfo instance, int limit) {
    return Uni.createFrom()
        .completionStage(() -> instances.ask(instance, "/api/sensors", "limit=" + limit))
        .map(
            answer -> {
              if (answer.status() != 200) {
                throw new IllegalStateException("HTTP " + answer.status());
              }
              try {
                return json.readValue(answer.body(), SUMMARIES);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .onFailure()
        .recoverWithItem(
            failure -> {
              Log.warnf(
                  "The map lacks the connection state held by %s:%d: %s",
                  instance.host(), instance.port(), failure.getMessage());
              return List.of();
            });
  }

  private Uni<List<SensorSummary>> localList(int limit) {
    Map<String, DeviceState> states = queries.devices(limit);
    return devices
        .list(0, limit)
        .chain(
            registered ->
                alerts
                    .openCounts()
                    .map(
                        open -> {
                          Map<String, SensorSummary> result = new LinkedHashMap<>();
                          for (Device d : registered) {
                            DeviceState s = states.get(d.sensorId());
                            result.put(
                                d.sensorId(),
                                new SensorSummary(
                                    d.sensorId(),
                                    d.deviceType(),
                                    d.lat(),
                                    d.lon(),
                                    s == null ? null : s.connected(),
                                    s == null ? null : s.lastEventTime(),
                                    open.getOrDefault(d.sensorId(), 0L)));
                          }
                          states.forEach(
                              (id, s) ->
                                  result.putIfAbsent(
                                      id,
                                      new SensorSummary(
                                          id,
                                          s.deviceType(),
                                          null,
                                          null,
                                          s.connected(),
                                          s.lastEventTime(),
                                          open.getOrDefault(id, 0L))));
                          return new ArrayList<>(result.values())
                              .subList(0, Math.min(limit, result.size()));
                        }));
  }
}
