package dev.iotpipeline.contracts;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationMessage;

/**
 * Validates the records of {@link WindowTopics} against their schemas, as {@link ContractSchemas}
 * does for the original topics (kept apart so that {@link ContractSchema} stays as others compiled
 * against it).
 */
public final class WindowSchemas {

  /** Schema of {@link WindowTopics#COUNTS_BY_REGION}. */
  public static final String REGION_COUNT = "region-count.schema.json";

  /** Schema of {@link WindowTopics#AGGREGATES_HOPPING}. */
  public static final String HOPPING_AGGREGATE = "hopping-aggregate.schema.json";

  /** Schema of {@link WindowTopics#DEVICE_SESSIONS}. */
  public static final String DEVICE_SESSION = "device-session.schema.json";

  private static final WindowSchemas INSTANCE = new WindowSchemas();

  private final Map<String, JsonSchema> compiled;

  private WindowSchemas() {
    JsonSchemaFactory factory = ContractSchemas.newFactory();
    compiled =
        Map.of(
            REGION_COUNT, compile(factory, REGION_COUNT),
            HOPPING_AGGREGATE, compile(factory, HOPPING_AGGREGATE),
            DEVICE_SESSION, compile(factory, DEVICE_SESSION));
  }

  private static JsonSchema compile(JsonSchemaFactory factory, String fileName) {
    JsonSchema schema = factory.getSchema(SchemaLocation.of(ContractSchema.ID_PREFIX + fileName));
    schema.initializeValidators();
    return schema;
  }

  /** The shared instance; the schemas are compiled once per JVM. */
  public static WindowSchemas get() {
    return INSTANCE;
  }

  /**
   * Validates a document against one of this class's schema file names.
   *
   * @return the violations, each a readable line naming the JSON path; empty when valid
   */
  public List<String> validate(String schemaFile, JsonNode document) {
    JsonSchema schema = compiled.get(schemaFile);
    if (schema == null) {
      throw new IllegalArgumentException("Not a window output schema: " + schemaFile);
    }
    Set<ValidationMessage> messages = schema.validate(document);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /** Validates a record by its JSON form. */
  public List<String> validate(String schemaFile, Object record) {
    return validate(schemaFile, ContractJson.mapper().valueToTree(record));
  }
}
