package dev.iotpipeline.streams.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.SensorState;
import dev.iotpipeline.streams.topology.TelemetryTopology;

/**
 * Interactive queries on the topology's named stores (this instance's partitions and the global
 * registry copy). With several instances a sensor's state lives on the instance owning its
 * partition: {@link ServiceInstances} names it and forwards a query there (decision 0317).
 */
@ApplicationScoped
public class SensorQueries {

  @Inject KafkaStreams streams;

  /** Thrown while the stores are not queryable (rebalancing, starting). */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The device's connection state, from this instance's active or standby copy of its partition (a
   * standby answers when the owner cannot be reached, decision 0324), or null.
   */
  public DeviceState deviceState(String sensorId) {
    SensorState state =
        this.<SensorState>anyCopy(TelemetryTopology.DEVICE_STATE_STORE).get(sensorId);
    return state == null ? null : state.device();
  }

  /** The registry entry as the topology sees it (the GlobalKTable), or null. */
  public Device registryEntry(String sensorId) {
    try {
      return streams
          .store(
              StoreQueryParameters.fromNameAndType(
                  TelemetryTopology.REGISTRY_STORE,
                  QueryableStoreTypes.<String, Device>keyValueStore()))
          .get(sensorId);
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("The registry store is not queryable yet", e);
    }
  }

  /** The latest final aggregate of each of the sensor's metrics (active or standby copy). */
  public List<WindowAggregate> latestAggregates(String sensorId) {
    List<WindowAggregate> result = new ArrayList<>();
    try (KeyValueIterator<String, WindowAggregate> it =
        this.<WindowAggregate>anyCopy(TelemetryTopology.LATEST_AGGREGATE_STORE)
            .prefixScan(sensorId + "|", Serdes.String().serializer())) {
      it.forEachRemaining(kv -> result.add(kv.value));
    }
    return result;
  }

  /** Every device this instance holds state for, up to {@code limit}. */
  public Map<String, DeviceState> devices(int limit) {
    Map<String, DeviceState> result = new LinkedHashMap<>();
    try (KeyValueIterator<String, SensorState> it =
        this.<SensorState>store(TelemetryTopology.DEVICE_STATE_STORE).all()) {
      while (it.hasNext() && result.size() < limit) {
        KeyValue<String, SensorState> kv = it.next();
        if (kv.value.device() != null) { // null: only late readings seen so far
          result.put(kv.key, kv.value.device());
        }
      }
    } catch (NotReadyException | InvalidStateStoreException e) {
      if (streams.state() != KafkaStreams.State.RUNNING) {
        throw e; // both are a 503 (ErrorMappers)
      }
      // Running without an active partition (more instances than partitions, or a joining
      // instance still warming its replicas up): it holds no device, an answer, not an error.
      result.clear();
    }
    return result;
  }

  /** This instance's active copies of the store's partitions. */
  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return store(
        name,
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  /**
   * This instance's active and standby copies of the store's partitions, for a lookup of one key: a
   * key's partition is active or standby here, never both, so nothing is read twice.
   */
  private <V> ReadOnlyKeyValueStore<String, V> anyCopy(String name) {
    return store(
        name,
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
            .enableStaleStores());
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(
      String name, StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters) {
    try {
      return streams.store(parameters);
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("Store " + name + " is not queryable yet: " + e.getMessage(), e);
    }
  }
}
