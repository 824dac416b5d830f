package dev.iotpipeline.streams.api;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpipeline.streams.store.AlertQuery;
import dev.iotpipeline.streams.store.AlertRecord;
import dev.iotpipeline.streams.store.AlertStore;
import io.smallrye.mutiny.Uni;

/** The alert store: every alert of iot-alerts, one row per episode. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
public class AlertResource {

  private static final Set<String> SEVERITIES = Set.of("CRITICAL", "WARNING", "INFO");
  private static final Set<String> STATUSES = Set.of("TRIGGERED", "RESOLVED");

  /** A page of alerts and the total count of the filter. */
  public record AlertPage(long total, int page, int size, List<AlertRecord> items) {}

  @Inject AlertStore store;

  @GET
  @Operation(
      summary =
          "Alerts newest first, filtered by sensor, type, severity, status and event-time range"
              + " [from, to) in epoch ms")
  public Uni<AlertPage> find(
      @QueryParam("sensor") String sensor,
      @QueryParam("type") String type,
      @QueryParam("severity") String severity,
      @QueryParam("status") String status,
      @QueryParam("from") Long from,
      @QueryParam("to") Long to,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    Paging.check(page, size);
    AlertQuery query =
        new AlertQuery(
            sensor,
            type == null ? null : type.toUpperCase(Locale.ROOT),
            oneOf("severity", severity, SEVERITIES),
            oneOf("status", status, STATUSES),
            from,
            to,
            page,
            size);
    if (from != null && to != null && from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    return store
        .count(query)
        .chain(total -> store.find(query).map(items -> new AlertPage(total, page, size, items)));
  }

  private static String oneOf(String name, String value, Set<String> allowed) {
    if (value == null) {
      return null;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (!allowed.contains(upper)) {
      throw new IllegalArgumentException(name + " must be one of " + allowed + ", not " + value);
    }
    return upper;
  }
}
