package dev.iotpipeline.streams.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpipeline.streams.config.DetectionSettings;
import dev.iotpipeline.streams.config.LiveSettings;
import io.quarkus.logging.Log;

/**
 * The detection numbers, changeable without a restart (applied from the next reading). Window size,
 * grace and threshold bounds are start-up settings.
 */
@Path("/api/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "settings")
public class SettingsResource {

  @Inject LiveSettings settings;

  @GET
  @Operation(summary = "The detection settings in force")
  public DetectionSettings get() {
    return settings.get();
  }

  @PUT
  @Operation(summary = "Replace the detection settings (400 names an invalid one)")
  public DetectionSettings put(DetectionSettings update) {
    if (update == null) {
      throw new IllegalArgumentException("A settings object is required");
    }
    DetectionSettings applied = settings.set(update);
    Log.infof("Detection settings changed to %s", applied);
    return applied;
  }
}
