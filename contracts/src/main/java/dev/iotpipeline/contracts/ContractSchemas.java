package dev.iotpipeline.contracts;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates JSON against the contract's schemas. The schemas are compiled once, when this class is
 * built; {@link #validate} is thread-safe and cheap enough for the ingest hot path.
 */
public final class ContractSchemas {

  private static final ContractSchemas INSTANCE = new ContractSchemas();

  private final Map<ContractSchema, JsonSchema> compiled = new EnumMap<>(ContractSchema.class);

  private ContractSchemas() {
    JsonSchemaFactory factory = newFactory();
    for (ContractSchema schema : ContractSchema.values()) {
      JsonSchema jsonSchema = factory.getSchema(SchemaLocation.of(schema.id()));
      // Resolve $refs now, not on the first message.
      jsonSchema.initializeValidators();
      compiled.put(schema, jsonSchema);
    }
  }

  /**
   * A schema factory for draft 2020-12 that resolves the contract's {@code $id}s (and {@code $ref}s
   * between its files) from the {@code schemas/} folder on the classpath.
   */
  public static JsonSchemaFactory newFactory() {
    return JsonSchemaFactory.getInstance(
        SpecVersion.VersionFlag.V202012,
        builder ->
            builder.schemaMappers(
                mappers -> mappers.mapPrefix(ContractSchema.ID_PREFIX, "classpath:schemas/")));
  }

  /** The shared instance; the schemas are compiled once per JVM. */
  public static ContractSchemas get() {
    return INSTANCE;
  }

  /**
   * Validates a document.
   *
   * @return the violations, each a readable line naming the JSON path; empty when valid
   */
  public List<String> validate(ContractSchema schema, JsonNode document) {
    Set<ValidationMessage> messages = compiled.get(schema).validate(document);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /** Validates a contract record by its JSON form. */
  public List<String> validate(ContractSchema schema, Object record) {
    return validate(schema, ContractJson.mapper().valueToTree(record));
  }
}
