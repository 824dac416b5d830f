package dev.iotpipeline.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the records on the pipeline's topics. The contract only grows by
 * addition, so readers ignore fields they do not know.
 */
public final class ContractJson {

  private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

  private ContractJson() {}

  /** A shared, thread-safe mapper configured for the contract records. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Applies the contract's settings to an application's own mapper (e.g. Quarkus' bean). */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
        .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, true);
  }
}
