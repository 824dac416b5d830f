package dev.iotpipeline.streams.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A device registry row; the registry's source of truth, published to iot-device-registry. */
@Entity
@Table(name = "device")
public class DeviceEntity extends PanacheEntityBase {

  @Id
  @Column(name = "sensor_id", length = 128)
  public String sensorId;

  @Column(name = "device_type", nullable = false, length = 64)
  public String deviceType;

  @Column(name = "customer_id", length = 128)
  public String customerId;

  @Column(length = 512)
  public String address;

  @Column(name = "account_status", length = 16)
  public String accountStatus;

  public Double lat;

  public Double lon;

  /** Per-metric threshold bounds as JSON (the Device record's {@code thresholds}). */
  @Column(columnDefinition = "text")
  public String thresholds;

  @Column(name = "updated_at", nullable = false)
  public long updatedAt;
}
