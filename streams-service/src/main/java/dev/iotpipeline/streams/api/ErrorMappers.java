package dev.iotpipeline.streams.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.iotpipeline.streams.service.DeviceService;
import dev.iotpipeline.streams.service.PeerQueries;
import dev.iotpipeline.streams.service.SensorQueries;
import io.quarkus.logging.Log;

/** Bad input is a 400 with a message, never a 500; a not-ready store is a 503. */
public class ErrorMappers {

  /** The JSON body of every error. */
  public record ErrorBody(String error) {}

  @ServerExceptionMapper
  public Response invalid(IllegalArgumentException e) {
    return json(Response.Status.BAD_REQUEST, e.getMessage());
  }

  @ServerExceptionMapper
  public Response notReady(SensorQueries.NotReadyException e) {
    return json(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  /** The instance that holds the state did not answer a forwarded query: try again. */
  @ServerExceptionMapper
  public Response peerUnavailable(PeerQueries.PeerUnavailableException e) {
    return json(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  /**
   * A store handle taken while the stream thread was RUNNING fails on its next read once a
   * rebalance or restart begins: the same "not ready, try again" as above, not a server error.
   */
  @ServerExceptionMapper
  public Response storeMigrating(InvalidStateStoreException e) {
    return json(
        Response.Status.SERVICE_UNAVAILABLE, "State stores are not queryable: " + e.getMessage());
  }

  @ServerExceptionMapper
  public Response notPublished(DeviceService.RegistryPublishException e) {
    Log.warnf(e, "Registry publish failed");
    return json(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  static Response json(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message))
        .build();
  }
}
