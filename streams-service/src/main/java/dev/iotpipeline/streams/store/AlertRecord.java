package dev.iotpipeline.streams.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One alert episode in the alert store: written by {@link AlertStore} with an upsert on alertId, so
 * a replayed alert never duplicates and a RESOLVED updates the row.
 */
@Entity
@Table(
    name = "alert_record",
    indexes = {
      @Index(name = "alert_record_sensor", columnList = "sensor_id, event_time"),
      @Index(name = "alert_record_time", columnList = "event_time")
    })
public class AlertRecord extends PanacheEntityBase {

  @Id
  @Column(name = "alert_id", length = 256)
  public String alertId;

  @Column(name = "sensor_id", nullable = false, length = 128)
  public String sensorId;

  @Column(name = "device_type", length = 64)
  public String deviceType;

  @Column(nullable = false, length = 32)
  public String type;

  @Column(nullable = false, length = 16)
  public String severity;

  @Column(nullable = false, length = 16)
  public String status;

  @Column(length = 128)
  public String metric;

  /** When the episode started, epoch ms. */
  @Column(name = "event_time", nullable = false)
  public long eventTime;

  @Column(name = "detected_at", nullable = false)
  public long detectedAt;

  /** When it was resolved (event time of the RESOLVED alert), or null while open. */
  @Column(name = "resolved_at")
  public Long resolvedAt;

  @Column(columnDefinition = "text")
  public String summary;

  /** The evidence map as JSON. */
  @Column(columnDefinition = "text")
  public String evidence;

  @Column(name = "customer_id", length = 128)
  public String customerId;

  @Column(length = 512)
  public String address;

  @Column(name = "account_status", length = 16)
  public String accountStatus;

  public Double lat;

  public Double lon;

  @Column(name = "updated_at", nullable = false)
  public long updatedAt;
}
