package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a message came from.
 *
 * @param protocol how it reached the pipeline
 * @param format the payload format it was read as, where known
 * @param topic the MQTT topic or the HTTP/CoAP path
 * @param clientId the MQTT client id, where there is one
 * @param contentType the HTTP Content-Type or CoAP Content-Format, where there is one
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(
    Protocol protocol, PayloadFormat format, String topic, String clientId, String contentType) {

  public Source withFormat(PayloadFormat newFormat) {
    return new Source(protocol, newFormat, topic, clientId, contentType);
  }
}
