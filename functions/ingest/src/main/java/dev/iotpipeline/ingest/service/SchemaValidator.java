package dev.iotpipeline.ingest.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;

/**
 * Validates records against the contract's JSON Schemas (networknt json-schema-validator, the
 * library behind {@link ContractSchemas}). The hot path asks only "valid?": all records of a
 * message in one call that checks each distinct value once ({@link MessageSchemaValidator},
 * decision note 0205), or record by record ({@link OutputFormat#BOOLEAN}, fail-fast, no messages);
 * the readable messages are computed by {@link ContractSchemas} only for an invalid record.
 */
public final class SchemaValidator {

  /** How the hot path validates (the benchmark compares them). */
  public enum Mode {
    /** One call per message, each distinct value once (production). */
    PER_MESSAGE,
    /** One "valid?" call per record. */
    PER_RECORD,
    /** Readable messages for every record, as {@link ContractSchemas#validate} does. */
    PER_RECORD_WITH_MESSAGES
  }

  /**
   * Messages with fewer records are validated record by record: one derived-document call costs
   * about as much as 3-4 record calls (building the document of distinct values included; measured
   * with {@code CpuTimeBenchmark}/{@code StagesBenchmark}), so it pays from about 5 records on
   * (SenML packs), not for a flat-JSON message of 2 readings and a presence.
   */
  static final int PER_MESSAGE_FROM_RECORDS = 5;

  private final Map<ContractSchema, JsonSchema> compiled = new EnumMap<>(ContractSchema.class);
  private final Mode mode;
  private final int perMessageFrom;
  private final MessageSchemaValidator message;

  /** The production validator. */
  public SchemaValidator() {
    this(Mode.PER_MESSAGE);
  }

  /** A validator working in the given mode. */
  public SchemaValidator(Mode mode) {
    this(mode, PER_MESSAGE_FROM_RECORDS);
  }

  /**
   * A validator.
   *
   * @param perMessageFrom in {@link Mode#PER_MESSAGE}, the smallest message (readings + presence
   *     changes) checked in one call; smaller ones are checked record by record (same verdict)
   */
  SchemaValidator(Mode mode, int perMessageFrom) {
    this.mode = mode;
    this.perMessageFrom = perMessageFrom;
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder.schemaMappers(
                    mappers -> mappers.mapPrefix(ContractSchema.ID_PREFIX, "classpath:schemas/")));
    for (ContractSchema schema :
        List.of(
            ContractSchema.CANONICAL_READING,
            ContractSchema.DEVICE_PRESENCE,
            ContractSchema.DEAD_LETTER)) {
      JsonSchema jsonSchema = factory.getSchema(SchemaLocation.of(schema.id()));
      jsonSchema.initializeValidators();
      compiled.put(schema, jsonSchema);
    }
    message =
        new MessageSchemaValidator(
            factory, List.of(ContractSchema.CANONICAL_READING, ContractSchema.DEVICE_PRESENCE));
  }

  /** Whether {@link #allValid} checks a message in one call (else record by record). */
  public boolean validatesPerMessage() {
    return mode == Mode.PER_MESSAGE && message.separable();
  }

  /**
   * Whether all readings and presence changes of one message are valid ("valid?" only; ask {@link
   * #violations} for the messages).
   *
   * @param readings the readings' trees (canonical-reading schema)
   * @param presences the presence changes' trees (device-presence schema)
   */
  public boolean allValid(List<ObjectNode> readings, List<ObjectNode> presences) {
    if (validatesPerMessage() && readings.size() + presences.size() >= perMessageFrom) {
      return message.valid(List.of(readings, presences));
    }
    for (ObjectNode presence : presences) {
      if (!violations(ContractSchema.DEVICE_PRESENCE, presence).isEmpty()) {
        return false;
      }
    }
    for (ObjectNode reading : readings) {
      if (!violations(ContractSchema.CANONICAL_READING, reading).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Validates a record by its JSON form.
   *
   * @return the violations, empty when valid
   */
  public List<String> violations(ContractSchema schema, Object record) {
    JsonNode tree = ContractJson.mapper().valueToTree(record);
    return violations(schema, tree);
  }

  /** Validates a JSON document. */
  public List<String> violations(ContractSchema schema, JsonNode tree) {
    JsonSchema jsonSchema = compiled.get(schema);
    if (jsonSchema == null || mode == Mode.PER_RECORD_WITH_MESSAGES) {
      return ContractSchemas.get().validate(schema, tree);
    }
    if (Boolean.TRUE.equals(jsonSchema.validate(tree, OutputFormat.BOOLEAN))) {
      return List.of();
    }
    return ContractSchemas.get().validate(schema, tree);
  }
}
