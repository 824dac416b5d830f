package dev.iotpipeline.streams.service;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance holds a key's state. Kafka Streams spreads the partitions over the instances of
 * the application, and each answers interactive queries from its own partitions only; with {@code
 * application.server} set, every instance knows every other's address and the partitions it owns,
 * so a query can be sent to the owner (decision 0317).
 */
public final class StateOwners {

  private final KafkaStreams streams;
  private final String store;
  private final HostInfo self;

  /**
   * @param store a store keyed by the key (its partitions are the source topic's)
   * @param self this instance's {@code application.server}, or null when it runs alone: then it
   *     answers every query itself, as no other instance could be reached anyway
   */
  public StateOwners(KafkaStreams streams, String store, HostInfo self) {
    this.streams = streams;
    this.store = store;
    this.self = self;
  }

  /**
   * Where a key's state is read.
   *
   * @param remoteActive the instance that owns the key (its active task), when it is not this one;
   *     empty when this instance answers
   * @param standbyHere whether this instance keeps a standby copy of the key's state: a stale but
   *     recent answer when the owner cannot be reached (decision 0324)
   * @param standbyElsewhere the other instances that keep a standby copy, asked in turn when the
   *     owner cannot be reached and there is no copy here (three or more instances)
   */
  public record Route(
      Optional<HostInfo> remoteActive, boolean standbyHere, List<HostInfo> standbyElsewhere) {
    static final Route HERE = new Route(Optional.empty(), false, List.of());

    public Route {
      standbyElsewhere = List.copyOf(standbyElsewhere);
    }

    /** A route with no standby copy on another instance. */
    public Route(Optional<HostInfo> remoteActive, boolean standbyHere) {
      this(remoteActive, standbyHere, List.of());
    }
  }

  /**
   * Where the key's state is read: here, or at its owner, with or without standby copies here or
   * elsewhere.
   *
   * @throws SensorQueries.NotReadyException while the owners are not known (starting, rebalancing)
   */
  public Route route(String key) {
    if (self == null) {
      return Route.HERE;
    }
    KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
    if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
      throw new SensorQueries.NotReadyException(
          "The owner of " + key + "'s state is not known yet (starting or rebalancing)", null);
    }
    HostInfo active = owner.activeHost();
    if (active.equals(self)) {
      return Route.HERE;
    }
    return new Route(
        Optional.of(active),
        owner.standbyHosts().contains(self),
        owner.standbyHosts().stream()
            .filter(host -> !host.equals(self) && !host.equals(active) && host.port() > 0)
            .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
            .toList());
  }

  /**
   * The instance that owns the key, when it is not this one; empty when this instance answers.
   *
   * @throws SensorQueries.NotReadyException while the owners are not known (starting, rebalancing)
   */
  public Optional<HostInfo> remoteOwner(String key) {
    return route(key).remoteActive();
  }

  /**
   * Every other instance of the application that advertises an address (for queries over all keys);
   * none when this instance runs alone.
   */
  public List<HostInfo> others() {
    if (self == null) {
      return List.of();
    }
    return streams.metadataForAllStreamsClients().stream()
        .map(StreamsMetadata::hostInfo)
        .filter(host -> !host.equals(self) && host.port() > 0)
        .distinct()
        .toList();
  }

  /** {@code host:port} as Kafka Streams reads {@code application.server}; null for blank. */
  public static HostInfo parse(String endpoint) {
    return endpoint == null || endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
  }
}
