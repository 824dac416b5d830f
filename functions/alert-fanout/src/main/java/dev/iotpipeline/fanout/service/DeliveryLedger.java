package dev.iotpipeline.fanout.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.fanout.config.FanoutConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Idempotency records in PostgreSQL: one row per (alert id, status, channel) written after a
 * successful delivery and read before delivering, so a batch the event source mapping retries does
 * not notify anyone twice. Lambda handlers are blocking, so the reactive client is awaited here
 * (never on an event-loop thread).
 */
@ApplicationScoped
public class DeliveryLedger {

  static final String TABLE = "alert_fanout_delivery";

  private final Pool pool;
  private final Duration timeout;

  public DeliveryLedger(Pool pool, FanoutConfig config) {
    this.pool = pool;
    this.timeout = config.idempotency().statementTimeout();
  }

  /** Creates the table if it is missing. */
  public void createTable() {
    pool.query(
            "CREATE TABLE IF NOT EXISTS "
                + TABLE
                + " (alert_id text NOT NULL, status text NOT NULL, channel text NOT NULL,"
                + " receipt text, delivered_at timestamptz NOT NULL DEFAULT now(),"
                + " PRIMARY KEY (alert_id, status, channel))")
        .execute()
        .await()
        .atMost(timeout);
  }

  /** The deliveries already made for these alerts, as {@link #key} strings; one query. */
  public Set<String> deliveredOf(List<String> alertIds) {
    Set<String> delivered = new HashSet<>();
    if (alertIds.isEmpty()) {
      return delivered;
    }
    for (Row row :
        pool.preparedQuery(
                "SELECT alert_id, status, channel FROM " + TABLE + " WHERE alert_id = ANY($1)")
            .execute(Tuple.of(alertIds.toArray(new String[0])))
            .await()
            .atMost(timeout)) {
      delivered.add(
          row.getString("alert_id")
              + '|'
              + row.getString("status")
              + '|'
              + row.getString("channel"));
    }
    return delivered;
  }

  /** Records a delivery (a second record of the same delivery is ignored). */
  public void record(String alertId, AlertStatus status, Channel channel, String receipt) {
    pool.preparedQuery(
            "INSERT INTO "
                + TABLE
                + " (alert_id, status, channel, receipt) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(alertId, status.name(), channel.name(), receipt))
        .await()
        .atMost(timeout);
  }

  /** The key {@link #deliveredOf} returns for one delivery. */
  public static String key(String alertId, AlertStatus status, Channel channel) {
    return alertId + '|' + status.name() + '|' + channel.name();
  }
}
