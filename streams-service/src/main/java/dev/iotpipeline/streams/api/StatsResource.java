package dev.iotpipeline.streams.api;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpipeline.streams.service.LiveFeed;
import dev.iotpipeline.streams.service.PeerQueries;
import dev.iotpipeline.streams.service.StatsService;
import io.smallrye.mutiny.Multi;

/** Rates and counts for the dashboard, as one JSON and as a live Server-Sent Events stream. */
@Path("/api")
@Tag(name = "live")
public class StatsResource {

  @Inject StatsService stats;
  @Inject LiveFeed feed;

  @GET
  @Path("/stats")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Readings/s, counts of readings, late, alerts by severity and type, DLQ",
      description =
          "Summed over every instance of the service (instances: how many answered in the last"
              + " 5 s; decision 0317).")
  public StatsService.Stats stats(
      @Parameter(description = "Set by an instance gathering the counts; answer this one's only")
          @HeaderParam(PeerQueries.FORWARDED_BY)
          String forwardedBy) {
    return forwardedBy == null ? stats.current() : stats.local();
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Live stream: 'alert' events (Alert JSON) and 'stats' events every second")
  public Multi<OutboundSseEvent> stream(@Context Sse sse) {
    Multi<OutboundSseEvent> alerts =
        feed.alerts()
            .map(
                alert ->
                    sse.newEventBuilder()
                        .name("alert")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(alert)
                        .build());
    Multi<OutboundSseEvent> ticks =
        Multi.createFrom()
            .ticks()
            .every(Duration.ofSeconds(1))
            .map(
                tick ->
                    sse.newEventBuilder()
                        .name("stats")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(stats.current())
                        .build());
    return Multi.createBy().merging().streams(ticks, alerts);
  }
}
