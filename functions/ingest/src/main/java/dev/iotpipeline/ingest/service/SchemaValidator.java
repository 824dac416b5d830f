package dev.iotpipeline.ingest.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SchemaLocation;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.DevicePresence;

/**
 * Validates records against the contract's JSON Schemas (networknt json-schema-validator, the
 * library behind {@link ContractSchemas}). The hot path asks only "valid?", and asks the library
 * about each value only the first time it sees it ({@link RememberingSchemaValidator}, decision
 * note 0208); the readable messages are computed by {@link ContractSchemas} only for an invalid
 * record.
 */
public final class SchemaValidator {

  /** How the hot path validates (the benchmark compares them). */
  public enum Mode {
    /** Each distinct value once, remembered across messages (production). */
    REMEMBERING,
    /** One "valid?" call per record. */
    PER_RECORD,
    /** Readable messages for every record, as {@link ContractSchemas#validate} does. */
    PER_RECORD_WITH_MESSAGES
  }

  /**
   * How many values each property remembers at most: sensor ids are the many ones, ~100 bytes each,
   * so about 6 MB per property at most; a larger fleet costs one library call per value not
   * remembered, never a wrong verdict.
   */
  static final int REMEMBERED_VALUES = 65_536;

  private final Map<ContractSchema, JsonSchema> compiled = new EnumMap<>(ContractSchema.class);
  private final Mode mode;
  private final RememberingSchemaValidator remembering;

  /** The production validator. */
  public SchemaValidator() {
    this(Mode.REMEMBERING);
  }

  /** A validator working in the given mode. */
  public SchemaValidator(Mode mode) {
    this(mode, REMEMBERED_VALUES);
  }

  /**
   * A validator.
   *
   * @param rememberedValues in {@link Mode#REMEMBERING}, how many values each property remembers
   */
  SchemaValidator(Mode mode, int rememberedValues) {
    this.mode = mode;
    JsonSchemaFactory factory = ContractSchemas.newFactory();
    for (ContractSchema schema :
        List.of(
            ContractSchema.CANONICAL_READING,
            ContractSchema.DEVICE_PRESENCE,
            ContractSchema.DEAD_LETTER)) {
      JsonSchema jsonSchema = factory.getSchema(SchemaLocation.of(schema.id()));
      jsonSchema.initializeValidators();
      compiled.put(schema, jsonSchema);
    }
    remembering =
        mode == Mode.REMEMBERING
            ? RememberingSchemaValidator.create(factory, rememberedValues)
            : null;
  }

  /** Whether {@link #allValid} remembers verdicts (else it validates every record whole). */
  public boolean remembersVerdicts() {
    return remembering != null;
  }

  /**
   * Whether all readings and presence changes of one message are valid ("valid?" only; ask {@link
   * #violations} for the messages).
   */
  public boolean allValid(List<CanonicalReading> readings, List<DevicePresence> presences) {
    if (remembering != null) {
      for (DevicePresence presence : presences) {
        if (!remembering.valid(presence)) {
          return false;
        }
      }
      for (CanonicalReading reading : readings) {
        if (!remembering.valid(reading)) {
          return false;
        }
      }
      return true;
    }
    for (DevicePresence presence : presences) {
      if (!violations(ContractSchema.DEVICE_PRESENCE, RecordTrees.presence(presence)).isEmpty()) {
        return false;
      }
    }
    for (CanonicalReading reading : readings) {
      JsonNode tree = RecordTrees.reading(reading);
      if (!violations(ContractSchema.CANONICAL_READING, tree).isEmpty()) {
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
