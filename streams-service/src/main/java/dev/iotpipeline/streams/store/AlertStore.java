package dev.iotpipeline.streams.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.ContractJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Persists every alert of {@code iot-alerts} (read_committed) into PostgreSQL, idempotently: an
 * upsert on alertId, so a replay never duplicates a row, a RESOLVED closes the row, an escalation
 * raises its severity, and a late replay of a TRIGGERED never reopens a resolved episode.
 */
@ApplicationScoped
public class AlertStore {

  private static final ObjectMapper JSON = ContractJson.mapper();

  static final String UPSERT =
      """
      INSERT INTO alert_record (alert_id, sensor_id, device_type, type, severity, status, metric,
        event_time, detected_at, resolved_at, summary, evidence, customer_id, address,
        account_status, lat, lon, updated_at)
      VALUES (:alertId, :sensorId, :deviceType, :type, :severity, :status, :metric,
        :eventTime, :detectedAt, :resolvedAt, :summary, :evidence, :customerId, :address,
        :accountStatus, :lat, :lon, :updatedAt)
      ON CONFLICT (alert_id) DO UPDATE SET
        status = CASE WHEN alert_record.status = 'RESOLVED' THEN 'RESOLVED' ELSE EXCLUDED.status END,
        severity = CASE
          WHEN alert_record.severity = 'CRITICAL' OR EXCLUDED.severity = 'CRITICAL' THEN 'CRITICAL'
          WHEN alert_record.severity = 'WARNING' OR EXCLUDED.severity = 'WARNING' THEN 'WARNING'
          ELSE 'INFO' END,
        resolved_at = COALESCE(alert_record.resolved_at, EXCLUDED.resolved_at),
        event_time = LEAST(alert_record.event_time, EXCLUDED.event_time),
        summary = CASE WHEN alert_record.status = 'RESOLVED' THEN alert_record.summary
          ELSE EXCLUDED.summary END,
        evidence = CASE WHEN EXCLUDED.status = 'TRIGGERED' THEN EXCLUDED.evidence
          ELSE alert_record.evidence END,
        customer_id = COALESCE(EXCLUDED.customer_id, alert_record.customer_id),
        address = COALESCE(EXCLUDED.address, alert_record.address),
        account_status = COALESCE(EXCLUDED.account_status, alert_record.account_status),
        lat = COALESCE(EXCLUDED.lat, alert_record.lat),
        lon = COALESCE(EXCLUDED.lon, alert_record.lon),
        updated_at = EXCLUDED.updated_at
      """;

  /**
   * The consumer of iot-alerts. Unreadable records fail and go to the channel's dead-letter topic.
   */
  @Incoming("alerts-in")
  public Uni<Void> consume(String json) {
    Alert alert;
    try {
      alert = JSON.readValue(json, Alert.class);
    } catch (JsonProcessingException e) {
      return Uni.createFrom()
          .failure(new IllegalArgumentException("Not an Alert: " + e.getOriginalMessage(), e));
    }
    return Panache.withTransaction(() -> upsert(alert)).replaceWithVoid();
  }

  /** Inserts or updates the alert's row. */
  public Uni<Integer> upsert(Alert alert) {
    String evidence;
    try {
      evidence = JSON.writeValueAsString(alert.evidence() == null ? Map.of() : alert.evidence());
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    boolean resolved = alert.status() == AlertStatus.RESOLVED;
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(UPSERT)
                    .setParameter("alertId", alert.alertId())
                    .setParameter("sensorId", alert.sensorId())
                    .setParameter("deviceType", alert.deviceType())
                    .setParameter("type", alert.type())
                    .setParameter("severity", alert.severity().name())
                    .setParameter("status", alert.status().name())
                    .setParameter("metric", alert.metric())
                    .setParameter("eventTime", alert.eventTime())
                    .setParameter("detectedAt", alert.detectedAt())
                    .setParameter("resolvedAt", resolved ? alert.eventTime() : null)
                    .setParameter("summary", alert.summary())
                    .setParameter("evidence", evidence)
                    .setParameter("customerId", alert.customerId())
                    .setParameter("address", alert.address())
                    .setParameter("accountStatus", alert.accountStatus())
                    .setParameter("lat", alert.lat())
                    .setParameter("lon", alert.lon())
                    .setParameter("updatedAt", System.currentTimeMillis())
                    .executeUpdate())
        .onFailure()
        .invoke(e -> Log.errorf(e, "Could not store alert %s", alert.alertId()));
  }

  /** A page of alerts matching the filters, newest first. */
  @WithSession
  public Uni<List<AlertRecord>> find(AlertQuery query) {
    Filter filter = filter(query);
    return AlertRecord.<AlertRecord>find(filter.where, Sort.descending("eventTime"), filter.params)
        .page(Page.of(query.page(), query.size()))
        .list();
  }

  /** How many alerts match the filters. */
  @WithSession
  public Uni<Long> count(AlertQuery query) {
    Filter filter = filter(query);
    return AlertRecord.count(filter.where, filter.params);
  }

  /** Open (TRIGGERED) alerts of a sensor. */
  @WithSession
  public Uni<List<AlertRecord>> open(String sensorId) {
    return AlertRecord.list(
        "sensorId = :sensor and status = 'TRIGGERED'",
        Sort.descending("eventTime"),
        Parameters.with("sensor", sensorId));
  }

  /** Open alert counts per sensor (for the map). */
  @WithSession
  public Uni<Map<String, Long>> openCounts() {
    return Panache.getSession()
        .chain(
            s ->
                s.createQuery(
                        "select a.sensorId, count(a) from AlertRecord a where a.status = 'TRIGGERED'"
                            + " group by a.sensorId",
                        Object[].class)
                    .getResultList())
        .map(
            rows -> {
              Map<String, Long> counts = new java.util.HashMap<>();
              rows.forEach(r -> counts.put((String) r[0], (Long) r[1]));
              return counts;
            });
  }

  private record Filter(String where, Parameters params) {}

  private static Filter filter(AlertQuery q) {
    List<String> clauses = new ArrayList<>();
    Parameters params = new Parameters();
    if (q.sensor() != null) {
      clauses.add("sensorId = :sensor");
      params.and("sensor", q.sensor());
    }
    if (q.type() != null) {
      clauses.add("type = :type");
      params.and("type", q.type());
    }
    if (q.severity() != null) {
      clauses.add("severity = :severity");
      params.and("severity", q.severity());
    }
    if (q.status() != null) {
      clauses.add("status = :status");
      params.and("status", q.status());
    }
    if (q.from() != null) {
      clauses.add("eventTime >= :from");
      params.and("from", q.from());
    }
    if (q.to() != null) {
      clauses.add("eventTime < :to");
      params.and("to", q.to());
    }
    return new Filter(clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses), params);
  }
}
