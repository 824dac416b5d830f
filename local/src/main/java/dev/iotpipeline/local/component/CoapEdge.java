package dev.iotpipeline.local.component;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.local.aws.AwsEvents;
import dev.iotpipeline.local.aws.IngestEdge;

/**
 * The CoAP edge adapter (RFC 7252, Eclipse Californium) on UDP: {@code POST
 * coap://…/telemetry/{deviceType}/{sensorId}} reaches the ingest function the way the AWS-side
 * adapter forwards it, as an HTTP API v2.0 request whose Content-Type comes from the CoAP
 * Content-Format (50 JSON, 110 SenML JSON, 112 SenML CBOR). The function's 2.0 answer maps back to
 * CoAP: 2.04 Changed, 4.00 Bad Request, 4.13 Request Entity Too Large, 5.00.
 */
public final class CoapEdge implements AutoCloseable {

  static {
    CoapConfig.register();
    UdpConfig.register();
  }

  private final CoapServer server;
  private final IngestEdge ingest;

  public CoapEdge(int port, IngestEdge ingest) {
    this.ingest = ingest;
    // Without a file: Californium would otherwise write Californium3.properties into the cwd.
    Configuration config = Configuration.createStandardWithoutFile();
    this.server = new CoapServer(config);
    server.addEndpoint(
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress("127.0.0.1", port))
            .build());
    server.add(new Telemetry("telemetry"));
    server.start();
  }

  /** Maps a CoAP Content-Format to the HTTP media type the ingest function reads. */
  static String mediaType(int contentFormat) {
    return switch (contentFormat) {
      case 110 -> "application/senml+json";
      case 112 -> "application/senml+cbor";
      case MediaTypeRegistry.APPLICATION_JSON -> "application/json";
      case MediaTypeRegistry.APPLICATION_CBOR -> "application/cbor";
      case MediaTypeRegistry.TEXT_PLAIN -> "text/plain";
      default ->
          contentFormat < 0 ? "application/octet-stream" : "application/coap-" + contentFormat;
    };
  }

  /** Answers every path below {@code /telemetry}: the path names the device. */
  private final class Telemetry extends CoapResource {

    Telemetry(String name) {
      super(name);
    }

    @Override
    public Resource getChild(String name) {
      return this;
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      var segments = exchange.getRequestOptions().getUriPath();
      if (segments.size() != 3) {
        exchange.respond(
            ResponseCode.NOT_FOUND, "use POST coap://host/telemetry/{deviceType}/{sensorId}");
        return;
      }
      String path = "/" + String.join("/", segments);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("content-type", mediaType(exchange.getRequestOptions().getContentFormat()));
      headers.put("user-agent", "coap-edge-adapter");
      headers.put("x-forwarded-proto", "coap");
      var event =
          AwsEvents.httpApi(
              "POST",
              path,
              "",
              Map.of("deviceType", segments.get(1), "sensorId", segments.get(2)),
              headers,
              exchange.getRequestPayload(),
              "POST /telemetry/{deviceType}/{sensorId}");
      exchange.accept();
      try {
        byte[] result = ingest.invoke("coap", event).get(60, TimeUnit.SECONDS);
        JsonNode response = ContractJson.mapper().readTree(result);
        int status = response.path("statusCode").asInt(200);
        String body = response.path("body").asText("");
        exchange.respond(
            status < 300
                ? ResponseCode.CHANGED
                : status == 413
                    ? ResponseCode.REQUEST_ENTITY_TOO_LARGE
                    : status < 500 ? ResponseCode.BAD_REQUEST : ResponseCode.INTERNAL_SERVER_ERROR,
            body.getBytes(StandardCharsets.UTF_8),
            MediaTypeRegistry.APPLICATION_JSON);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.respond(ResponseCode.SERVICE_UNAVAILABLE);
      } catch (Exception e) {
        exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
      }
    }
  }

  @Override
  public void close() {
    server.stop();
    server.destroy();
  }
}
