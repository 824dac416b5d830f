package dev.iotpipeline.contracts;

/** The payload formats of CONTRACT.md §1. */
public enum PayloadFormat {
  FLAT_JSON,
  SENML_JSON,
  SENML_CBOR,
  IOT_LIFECYCLE,
  UNKNOWN
}
