package dev.iotpipeline.contracts;

/** Why an input was rejected (schema {@code dead-letter.schema.json}, field {@code reason}). */
public enum DeadLetterReason {
  /** Above 128 KiB, IoT Core's own limit. */
  PAYLOAD_TOO_LARGE,
  EMPTY_PAYLOAD,
  /** Neither JSON nor CBOR, or a content type the pipeline does not read. */
  UNSUPPORTED_FORMAT,
  MALFORMED_JSON,
  MALFORMED_CBOR,
  /** A trigger event (IoT rule, API Gateway, lifecycle) that is not of its documented shape. */
  MALFORMED_EVENT,
  /** The translated reading does not validate against its JSON Schema. */
  SCHEMA_VIOLATION,
  /** A SenML pack that breaks RFC 8428 (e.g. a record with no name, an unsupported bver). */
  INVALID_SENML,
  MISSING_SENSOR_ID,
  /** The payload names another sensor than the topic or path it was sent to. */
  SENSOR_ID_MISMATCH,
  NON_FINITE_VALUE,
  /** Too far in the future, or before the epoch. */
  TIMESTAMP_OUT_OF_RANGE,
  /** A well-formed payload that carries no metric at all. */
  NO_READINGS,
  /** A record on a pipeline topic that could not be read (streams-service). */
  DESERIALIZATION_ERROR,
  /** A record whose processing failed (streams-service). */
  PROCESSING_ERROR,
  /** A record the streams-service could not write. */
  PRODUCTION_ERROR
}
