package dev.iotpipeline.streams.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.iotpipeline.testsupport.HttpReceiver;

/** An {@link HttpReceiver} answering and decoding CloudWatch's rpc-v2 CBOR protocol. */
public final class LocalCloudWatch {

  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  private LocalCloudWatch() {}

  /** Answers every request with an empty PutMetricData response (an empty CBOR map). */
  public static void answerPutMetricData(HttpReceiver receiver) {
    receiver
        .wireMock()
        .stubFor(
            any(urlPathMatching("/.*"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/cbor")
                        .withHeader("smithy-protocol", "rpc-v2-cbor")
                        .withBody(new byte[] {(byte) 0xa0})));
  }

  /** The body of every request received so far, decoded. */
  public static List<JsonNode> requestBodies(HttpReceiver receiver) throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (LoggedRequest request : receiver.requests()) {
      bodies.add(CBOR.readTree(request.getBody()));
    }
    return bodies;
  }
}
