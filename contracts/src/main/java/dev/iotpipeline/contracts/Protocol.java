package dev.iotpipeline.contracts;

/** How a message reached the pipeline. */
public enum Protocol {
  MQTT,
  HTTP,
  COAP,
  IOT_LIFECYCLE,
  UNKNOWN
}
