package dev.iotpipeline.streams.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.contracts.WindowAggregate;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.service.DeviceService;
import dev.iotpipeline.streams.service.PeerQueries;
import dev.iotpipeline.streams.service.SensorQueries;
import dev.iotpipeline.streams.service.ServiceInstances;
import dev.iotpipeline.streams.service.StateOwners;
import dev.iotpipeline.streams.store.AlertRecord;
import dev.iotpipeline.streams.store.AlertStore;
import io.smallrye.mutiny.Uni;

/**
 * Decision 0324: a sensor whose owner cannot be reached is answered from this instance's standby
 * copy, marked with the owner, or else from another instance's, tried in turn; without any copy
 * that answers it stays an error; a reachable owner's answer is relayed and no copy is read. (The
 * routing and the standby copy themselves are proved on the real broker by {@code
 * TakeoverOnStopIntegrationTest}.)
 */
class SensorResourceStandbyTest {

  private static final HostInfo OWNER = new HostInfo("10.0.0.7", 8080);
  private static final HostInfo STANDBY = new HostInfo("10.0.0.8", 8080);
  private static final HostInfo OTHER_STANDBY = new HostInfo("10.0.0.9", 8080);
  private static final DeviceState STATE = new DeviceState("smart-meter", true, 1, 2, 3);

  private final AtomicInteger copyReads = new AtomicInteger();

  private final List<HostInfo> asked = new ArrayList<>();

  private SensorResource resource(
      boolean standbyHere, CompletionStage<PeerQueries.Answer> ownersAnswer) {
    return resource(
        new StateOwners.Route(Optional.of(OWNER), standbyHere), Map.of(OWNER, ownersAnswer));
  }

  /** A resource whose instances route the sensor by {@code route} and answer as {@code answers}. */
  private SensorResource resource(
      StateOwners.Route route, Map<HostInfo, CompletionStage<PeerQueries.Answer>> answers) {
    SensorResource resource = new SensorResource();
    resource.instances =
        new ServiceInstances() {
          @Override
          public StateOwners.Route route(String sensorId) {
            return route;
          }

          @Override
          public CompletionStage<PeerQueries.Answer> ask(
              HostInfo instance, String path, String query) {
            assertThat(path).isEqualTo("/api/sensors/m-1");
            asked.add(instance);
            return answers.get(instance);
          }
        };
    resource.queries =
        new SensorQueries() {
          @Override
          public DeviceState deviceState(String sensorId) {
            copyReads.incrementAndGet();
            return STATE;
          }

          @Override
          public Device registryEntry(String sensorId) {
            return null;
          }

          @Override
          public List<WindowAggregate> latestAggregates(String sensorId) {
            return List.of();
          }
        };
    resource.devices =
        new DeviceService() {
          @Override
          public Uni<Device> get(String sensorId) {
            return Uni.createFrom().nullItem();
          }
        };
    resource.alerts =
        new AlertStore() {
          @Override
          public Uni<List<AlertRecord>> open(String sensorId) {
            return Uni.createFrom().item(List.of());
          }
        };
    return resource;
  }

  /**
   * Two standby copies elsewhere, none here: the owner and the first standby cannot be reached, the
   * second answers as {@code secondStandbysAnswer}.
   */
  private SensorResource ownerAndFirstStandbyDown(
      CompletionStage<PeerQueries.Answer> secondStandbysAnswer) {
    return resource(
        new StateOwners.Route(Optional.of(OWNER), false, List.of(STANDBY, OTHER_STANDBY)),
        Map.of(
            OWNER,
            unreachable(),
            STANDBY,
            unreachable(STANDBY),
            OTHER_STANDBY,
            secondStandbysAnswer));
  }

  private static CompletionStage<PeerQueries.Answer> unreachable() {
    return unreachable(OWNER);
  }

  private static CompletionStage<PeerQueries.Answer> unreachable(HostInfo host) {
    return CompletableFuture.failedFuture(
        new PeerQueries.PeerUnavailableException(
            host.host() + ":" + host.port() + " refused the connection", null));
  }

  private static CompletionStage<PeerQueries.Answer> answeredBy(HostInfo host) {
    return CompletableFuture.completedFuture(
        new PeerQueries.Answer(
            200,
            "application/json",
            "{\"sensorId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8),
            host.host() + ":" + host.port()));
  }

  @Test
  void anUnreachableOwnersSensorIsAnsweredFromTheStandbyCopyMarkedWithTheOwner() {
    Response answer = resource(true, unreachable()).get("m-1", null).await().indefinitely();

    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat(answer.getHeaderString(SensorResource.OWNER_UNREACHABLE)).isEqualTo("10.0.0.7:8080");
    SensorResource.SensorView view = (SensorResource.SensorView) answer.getEntity();
    assertThat(view.connected()).isTrue();
    assertThat(view.lastEventTime()).isEqualTo(STATE.lastEventTime());
  }

  @Test
  void withoutAStandbyCopyHereAnUnreachableOwnerStaysAnError() {
    assertThatThrownBy(() -> resource(false, unreachable()).get("m-1", null).await().indefinitely())
        .isInstanceOf(PeerQueries.PeerUnavailableException.class);
    assertThat(copyReads).hasValue(0);
  }

  @Test
  void aReachableOwnersAnswerIsRelayedAndTheCopyIsNotRead() {
    PeerQueries.Answer owners =
        new PeerQueries.Answer(
            200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), "10.0.0.7:8080");

    Response answer =
        resource(true, CompletableFuture.completedFuture(owners))
            .get("m-1", null)
            .await()
            .indefinitely();

    assertThat(answer.getHeaderString(PeerQueries.SERVED_BY)).isEqualTo("10.0.0.7:8080");
    assertThat(answer.getHeaderString(SensorResource.OWNER_UNREACHABLE)).isNull();
    assertThat(copyReads).hasValue(0);
  }

  @Test
  void withoutACopyHereAnotherInstancesStandbyCopyAnswersMarkedWithTheOwner() {
    StateOwners.Route route = new StateOwners.Route(Optional.of(OWNER), false, List.of(STANDBY));

    Response answer =
        resource(route, Map.of(OWNER, unreachable(), STANDBY, answeredBy(STANDBY)))
            .get("m-1", null)
            .await()
            .indefinitely();

    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat(answer.getHeaderString(PeerQueries.SERVED_BY)).isEqualTo("10.0.0.8:8080");
    assertThat(answer.getHeaderString(SensorResource.OWNER_UNREACHABLE)).isEqualTo("10.0.0.7:8080");
    assertThat(asked).containsExactly(OWNER, STANDBY);
    assertThat(copyReads).hasValue(0);
  }

  @Test
  void standbyCopiesElsewhereAreTriedInTurnAndWhenNoneAnswersTheOwnersFailureStands() {
    assertThatThrownBy(
            () ->
                ownerAndFirstStandbyDown(unreachable(OTHER_STANDBY))
                    .get("m-1", null)
                    .await()
                    .indefinitely())
        .isInstanceOf(PeerQueries.PeerUnavailableException.class)
        .hasMessageContaining("10.0.0.7:8080");
    assertThat(asked).containsExactly(OWNER, STANDBY, OTHER_STANDBY);
  }

  @Test
  void theSecondStandbyAnswersWhenTheFirstCannotBeReached() {
    Response answer =
        ownerAndFirstStandbyDown(answeredBy(OTHER_STANDBY)).get("m-1", null).await().indefinitely();

    assertThat(answer.getHeaderString(PeerQueries.SERVED_BY)).isEqualTo("10.0.0.9:8080");
    assertThat(answer.getHeaderString(SensorResource.OWNER_UNREACHABLE)).isEqualTo("10.0.0.7:8080");
  }
}
