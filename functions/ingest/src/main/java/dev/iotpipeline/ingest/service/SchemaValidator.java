package dev.iotpipeline.ingest.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
 * library behind {@link ContractSchemas}). The hot path asks only "valid?" ({@link
 * OutputFormat#BOOLEAN}, which stops at the first failure and builds no messages); the readable
 * messages are computed by {@link ContractSchemas} only for the rare invalid record. The benchmark
 * in {@code src/jmh} measured this against the message-building path (decision note 0201).
 */
public final class SchemaValidator {

  private final Map<ContractSchema, JsonSchema> compiled = new EnumMap<>(ContractSchema.class);
  private final boolean fastPath;

  /** The production validator: "valid?" first, messages only for invalid records. */
  public SchemaValidator() {
    this(true);
  }

  /**
   * A validator.
   *
   * @param fastPath false to build the readable messages for every record, as {@link
   *     ContractSchemas#validate} does (the benchmark's comparison)
   */
  public SchemaValidator(boolean fastPath) {
    this.fastPath = fastPath;
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
    if (jsonSchema == null || !fastPath) {
      return ContractSchemas.get().validate(schema, tree);
    }
    if (Boolean.TRUE.equals(jsonSchema.validate(tree, OutputFormat.BOOLEAN))) {
      return List.of();
    }
    return ContractSchemas.get().validate(schema, tree);
  }
}
