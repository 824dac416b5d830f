package dev.iotpipeline.streams.service;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.iotpipeline.streams.config.PipelineConfig;
import dev.iotpipeline.streams.topology.TelemetryTopology;

/**
 * The other instances of this service, each holding the state of its own partitions: which one
 * holds a sensor ({@link StateOwners}), and asking one over HTTP ({@link PeerQueries}); decision
 * 0317. Alone (no {@code application.server}), there are none and every query is answered here.
 */
@ApplicationScoped
public class ServiceInstances {

  @Inject KafkaStreams streams;
  @Inject PipelineConfig config;

  /** This instance's address for the others; absent when it runs alone. */
  @ConfigProperty(name = "quarkus.kafka-streams.application-server")
  Optional<String> applicationServer;

  private StateOwners owners;
  private PeerQueries peers;

  @PostConstruct
  void connect() {
    owners =
        new StateOwners(
            streams,
            TelemetryTopology.DEVICE_STATE_STORE,
            StateOwners.parse(applicationServer.orElse(null)));
    peers = new PeerQueries(config.queries().forwardTimeout(), applicationServer.orElse(""));
  }

  /**
   * Where the sensor's state is read: here, or at its owner, with or without standby copies here or
   * elsewhere.
   *
   * @throws SensorQueries.NotReadyException while ownership is not known
   */
  public StateOwners.Route route(String sensorId) {
    return owners.route(sensorId);
  }

  /** The other instances (none when alone). */
  public List<HostInfo> others() {
    return owners.others();
  }

  /**
   * GETs {@code path?query} from another instance, marked as forwarded (see {@link PeerQueries}).
   */
  public CompletionStage<PeerQueries.Answer> ask(HostInfo instance, String path, String query) {
    return peers.get(instance, path, query);
  }
}
