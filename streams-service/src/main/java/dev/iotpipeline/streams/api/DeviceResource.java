package dev.iotpipeline.streams.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.streams.service.DeviceService;
import io.smallrye.mutiny.Uni;

/** The device registry API; every change also reaches the topology via iot-device-registry. */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "devices")
public class DeviceResource {

  @Inject DeviceService devices;

  @POST
  @Operation(summary = "Register a device (409 if it exists; 400 names every schema violation)")
  public Uni<Response> create(String body) {
    Device device = devices.parse(body);
    return devices
        .save(device, true)
        .map(
            saved ->
                saved == null
                    ? ErrorMappers.json(
                        Response.Status.CONFLICT,
                        "Device " + device.sensorId() + " exists; use PUT")
                    : Response.status(Response.Status.CREATED).entity(saved).build());
  }

  @PUT
  @Path("/{id}")
  @Operation(summary = "Create or replace a device; the path id must match the body's sensorId")
  public Uni<Device> put(@PathParam("id") String id, String body) {
    Device device = devices.parse(body);
    if (!id.equals(device.sensorId())) {
      throw new IllegalArgumentException(
          "Path id " + id + " does not match the body's sensorId " + device.sensorId());
    }
    return devices.save(device, false);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One device")
  public Uni<Response> get(@PathParam("id") String id) {
    return devices
        .get(id)
        .map(
            device ->
                device == null
                    ? ErrorMappers.json(Response.Status.NOT_FOUND, "No device " + id)
                    : Response.ok(device).build());
  }

  @GET
  @Operation(summary = "Devices by sensorId, paged")
  public Uni<List<Device>> list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("100") int size) {
    Paging.check(page, size);
    return devices.list(page, size);
  }
}
