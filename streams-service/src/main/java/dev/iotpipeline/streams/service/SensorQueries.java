package dev.iotpipeline.streams.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.config.PipelineConfig;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.SensorState;
import dev.iotpipeline.streams.topology.TelemetryTopology;

/**
 * Interactive queries on the topology's named stores (this instance's partitions and the global
 * registry copy). With several instances a sensor's state lives on the instance owning its
 * partition: {@link #remoteOwner} names it, and {@link #askOwner} forwards a query there (decision
 * 0317).
 */
@ApplicationScoped
public class SensorQueries {

  @Inject KafkaStreams streams;
  @Inject PipelineConfig config;

  /** This instance's address for the others; absent when it runs alone. */
  @ConfigProperty(name = "quarkus.kafka-streams.application-server")
  Optional<String> applicationServer;

  private StateOwners owners;
  private PeerQueries peers;

  @PostConstruct
  void connectPeers() {
    owners =
        new StateOwners(
            streams,
            TelemetryTopology.DEVICE_STATE_STORE,
            StateOwners.parse(applicationServer.orElse(null)));
    peers = new PeerQueries(config.queries().forwardTimeout(), applicationServer.orElse(""));
  }

  /** Thrown while the stores are not queryable (rebalancing, starting). */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The instance that holds the sensor's state when it is not this one (empty: answer here).
   *
   * @throws NotReadyException while ownership is not known
   */
  public Optional<HostInfo> remoteOwner(String sensorId) {
    return owners.remoteOwner(sensorId);
  }

  /** Forwards a GET of {@code path} to {@code owner} (see {@link PeerQueries}). */
  public CompletionStage<PeerQueries.Answer> askOwner(HostInfo owner, String path) {
    return peers.get(owner, path);
  }

  /** The other instances, each holding the state of its own partitions (none when alone). */
  public List<HostInfo> otherInstances() {
    return owners.others();
  }

  /** Forwards a GET of {@code path?query} to another instance (see {@link PeerQueries}). */
  public CompletionStage<PeerQueries.Answer> ask(HostInfo instance, String path, String query) {
    return peers.get(instance, path, query);
  }

  public DeviceState deviceState(String sensorId) {
    SensorState state = this.<SensorState>store(TelemetryTopology.DEVICE_STATE_STORE).get(sensorId);
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

  /** The latest final aggregate of each of the sensor's metrics. */
  public List<WindowAggregate> latestAggregates(String sensorId) {
    List<WindowAggregate> result = new ArrayList<>();
    try (KeyValueIterator<String, WindowAggregate> it =
        this.<WindowAggregate>store(TelemetryTopology.LATEST_AGGREGATE_STORE)
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
        result.put(kv.key, kv.value.device());
      }
    } catch (NotReadyException | InvalidStateStoreException e) {
      if (streams.state() != KafkaStreams.State.RUNNING) {
        throw e instanceof NotReadyException notReady
            ? notReady
            : new NotReadyException("Store device-state is not queryable: " + e.getMessage(), e);
      }
      // Running without an active partition (more instances than partitions, or a joining
      // instance still warming its replicas up): it holds no device, an answer, not an error.
      result.clear();
    }
    return result;
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              name, QueryableStoreTypes.<String, V>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException("Store " + name + " is not queryable yet: " + e.getMessage(), e);
    }
  }
}
