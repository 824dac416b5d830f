package dev.iotpipeline.streams.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.ThresholdBounds;
import dev.iotpipeline.streams.store.DeviceEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The device registry: PostgreSQL is the source of truth; every change is also published to the
 * compacted {@code iot-device-registry}, which the topology reads as a GlobalKTable.
 */
@ApplicationScoped
public class DeviceService {

  private static final ObjectMapper JSON = ContractJson.mapper();

  @Inject
  @Channel("registry-out")
  Emitter<String> registry;

  /**
   * Parses and validates a device document against the contract's schema.
   *
   * @throws IllegalArgumentException with every violation, for a 400
   */
  public Device parse(String body) {
    JsonNode node;
    try {
      node = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("A device must be a JSON object");
    }
    List<String> problems = ContractSchemas.get().validate(ContractSchema.DEVICE, node);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid device: " + String.join("; ", problems));
    }
    return JSON.convertValue(node, Device.class);
  }

  @WithSession
  public Uni<Device> get(String sensorId) {
    return DeviceEntity.<DeviceEntity>findById(sensorId)
        .map(entity -> entity == null ? null : toDevice(entity));
  }

  @WithSession
  public Uni<List<Device>> list(int page, int size) {
    return DeviceEntity.<DeviceEntity>findAll(io.quarkus.panache.common.Sort.by("sensorId"))
        .page(page, size)
        .list()
        .map(entities -> entities.stream().map(DeviceService::toDevice).toList());
  }

  /**
   * Creates (when {@code mustBeNew}) or replaces a device, then publishes it to the registry topic
   * and waits for the broker's acknowledgement.
   *
   * @return the stored device, or null when {@code mustBeNew} and it exists already
   */
  public Uni<Device> save(Device device, boolean mustBeNew) {
    return Panache.withTransaction(
            () ->
                DeviceEntity.<DeviceEntity>findById(device.sensorId())
                    .chain(
                        existing -> {
                          if (existing != null && mustBeNew) {
                            return Uni.createFrom().nullItem();
                          }
                          DeviceEntity entity = existing != null ? existing : new DeviceEntity();
                          entity.sensorId = device.sensorId();
                          apply(entity, device);
                          return entity.<DeviceEntity>persist().map(DeviceService::toDevice);
                        }))
        .chain(saved -> saved == null ? Uni.createFrom().nullItem() : publish(saved));
  }

  private Uni<Device> publish(Device device) {
    String json;
    try {
      json = JSON.writeValueAsString(device);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return Uni.createFrom()
        .emitter(
            em ->
                registry.send(
                    Message.of(json)
                        .addMetadata(
                            OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(device.sensorId())
                                .build())
                        .withAck(
                            () -> {
                              em.complete(device);
                              return java.util.concurrent.CompletableFuture.completedFuture(null);
                            })
                        .withNack(
                            e -> {
                              em.fail(
                                  new RegistryPublishException(
                                      "Device stored but not published to the registry topic: "
                                          + e.getMessage(),
                                      e));
                              return java.util.concurrent.CompletableFuture.completedFuture(null);
                            })));
  }

  private static void apply(DeviceEntity entity, Device device) {
    entity.deviceType = device.deviceType();
    entity.customerId = device.customerId();
    entity.address = device.address();
    entity.accountStatus = device.accountStatus();
    entity.lat = device.lat();
    entity.lon = device.lon();
    try {
      entity.thresholds =
          device.thresholds() == null ? null : JSON.writeValueAsString(device.thresholds());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Unwritable thresholds: " + e.getOriginalMessage());
    }
    entity.updatedAt = System.currentTimeMillis();
  }

  static Device toDevice(DeviceEntity entity) {
    Map<String, ThresholdBounds> thresholds = null;
    if (entity.thresholds != null) {
      try {
        thresholds = JSON.readValue(entity.thresholds, new TypeReference<>() {});
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "Stored thresholds of " + entity.sensorId + " are unreadable", e);
      }
    }
    return new Device(
        entity.sensorId,
        entity.deviceType,
        entity.customerId,
        entity.address,
        entity.accountStatus,
        entity.lat,
        entity.lon,
        thresholds);
  }

  /** The device is stored but the registry topic did not take it (a retry republishes it). */
  public static final class RegistryPublishException extends RuntimeException {
    public RegistryPublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
