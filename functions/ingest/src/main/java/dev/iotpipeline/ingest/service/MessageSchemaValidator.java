package dev.iotpipeline.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;

/**
 * Validates all records of one message in one networknt call, each distinct value once (decision
 * note 0205). The contract schemas of the published records are objects whose root says only {@code
 * type: object}, {@code required}, {@code additionalProperties: false} and {@code properties} (plus
 * annotations and {@code $defs}). For such a schema a record is valid exactly when (a) its set of
 * field names satisfies {@code required} and {@code additionalProperties}, and (b) each field's
 * value is valid against that property's subschema; and (b) depends on the value alone (JSON Schema
 * cannot refer to instance data). So the message is valid exactly when every distinct field-name
 * set, and every distinct value of every property, is valid. This class derives, at start-up, a
 * schema that checks exactly that from the contract files themselves:
 *
 * <pre>
 * {"&lt;schema file&gt;": {
 *    "shapes": {"type": "array", "items": {root's type, required, additionalProperties,
 *                                          "properties": {every property: true}}},
 *    "values": {"properties": {"p": {"type": "array", "items": {"$ref": "&lt;id&gt;#/properties/p"}}}}}}
 * </pre>
 *
 * and validates one document per message against it. A schema whose root uses any other keyword
 * (e.g. {@code if}, {@code dependentRequired}, {@code unevaluatedProperties}, a schema-valued
 * {@code additionalProperties}) is not separable: {@link #separable()} is then false and the caller
 * validates record by record.
 */
final class MessageSchemaValidator {

  private static final Set<String> SEPARABLE_ROOT_KEYWORDS =
      Set.of(
          "$schema",
          "$id",
          "$comment",
          "$defs",
          "title",
          "description",
          "examples",
          "type",
          "required",
          "additionalProperties",
          "properties");

  private static final JsonNodeFactory NODES = ContractJson.mapper().getNodeFactory();

  private final List<ContractSchema> schemas;
  private final JsonSchema derived;

  /**
   * Derives the message schema for these record schemas, or none when one of them is not separable.
   */
  MessageSchemaValidator(JsonSchemaFactory factory, List<ContractSchema> schemas) {
    this.schemas = List.copyOf(schemas);
    ObjectNode root = NODES.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("type", "object");
    root.put("additionalProperties", false);
    ObjectNode properties = root.putObject("properties");
    boolean separable = true;
    for (ContractSchema schema : schemas) {
      ObjectNode part = part(schema);
      if (part == null) {
        separable = false;
        break;
      }
      properties.set(schema.fileName(), part);
    }
    if (separable) {
      derived = factory.getSchema(root);
      derived.initializeValidators();
    } else {
      derived = null;
    }
  }

  /** Whether every schema is separable, so that {@link #valid} may be used. */
  boolean separable() {
    return derived != null;
  }

  /**
   * Whether every record is valid against its schema.
   *
   * @param records per schema (in the order given at construction), the records' trees
   */
  boolean valid(List<List<ObjectNode>> records) {
    return validateDocument(document(records));
  }

  /** The message document: per schema, the records' distinct shapes and values. */
  ObjectNode document(List<List<ObjectNode>> records) {
    ObjectNode document = NODES.objectNode();
    for (int i = 0; i < schemas.size(); i++) {
      List<ObjectNode> trees = records.get(i);
      if (!trees.isEmpty()) {
        document.set(schemas.get(i).fileName(), part(trees));
      }
    }
    return document;
  }

  /** Validates a message document against the derived schema. */
  boolean validateDocument(ObjectNode document) {
    return Boolean.TRUE.equals(derived.validate(document, OutputFormat.BOOLEAN));
  }

  /** The part of the message document for one schema's records: distinct shapes and values. */
  private static ObjectNode part(List<ObjectNode> trees) {
    ObjectNode part = NODES.objectNode();
    ArrayNode shapes = part.putArray("shapes");
    ObjectNode values = part.putObject("values");
    Set<List<String>> seenShapes = new HashSet<>(4);
    Map<String, Set<JsonNode>> seenValues = new HashMap<>(16);
    for (ObjectNode tree : trees) {
      List<String> names = new ArrayList<>(tree.size());
      Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        names.add(name);
        Set<JsonNode> seen = seenValues.get(name);
        if (seen == null) {
          seen = new HashSet<>(8);
          seenValues.put(name, seen);
        }
        if (seen.add(field.getValue())) {
          ArrayNode distinct = (ArrayNode) values.get(name);
          if (distinct == null) {
            distinct = values.putArray(name);
          }
          distinct.add(field.getValue());
        }
      }
      if (seenShapes.add(names)) {
        ObjectNode shape = shapes.addObject();
        for (String name : names) {
          shape.putNull(name);
        }
      }
    }
    return part;
  }

  /** The derived schema for one record schema, or null when it is not separable. */
  private static ObjectNode part(ContractSchema schema) {
    JsonNode contract = load(schema);
    Iterator<String> keywords = contract.fieldNames();
    while (keywords.hasNext()) {
      if (!SEPARABLE_ROOT_KEYWORDS.contains(keywords.next())) {
        return null;
      }
    }
    JsonNode additional = contract.get("additionalProperties");
    JsonNode properties = contract.get("properties");
    if (!"object".equals(contract.path("type").asText())
        || (additional != null && !additional.isBoolean())
        || properties == null
        || !properties.isObject()) {
      return null;
    }
    ObjectNode shape = NODES.objectNode();
    shape.put("type", "object");
    if (contract.has("required")) {
      shape.set("required", contract.get("required").deepCopy());
    }
    if (additional != null) {
      shape.set("additionalProperties", additional.deepCopy());
    }
    ObjectNode anyValue = shape.putObject("properties");
    ObjectNode values = NODES.objectNode();
    values.put("type", "object");
    values.put("additionalProperties", false);
    ObjectNode valueProperties = values.putObject("properties");
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    properties.fields().forEachRemaining(e -> ordered.put(e.getKey(), e.getValue()));
    for (String name : ordered.keySet()) {
      anyValue.put(name, true);
      ObjectNode array = valueProperties.putObject(name);
      array.put("type", "array");
      // The property's own subschema in the contract file, by JSON pointer.
      array.putObject("items").put("$ref", schema.id() + "#/properties/" + pointerEscape(name));
    }
    ObjectNode part = NODES.objectNode();
    part.put("type", "object");
    part.put("additionalProperties", false);
    ObjectNode partProperties = part.putObject("properties");
    ObjectNode shapes = partProperties.putObject("shapes");
    shapes.put("type", "array");
    shapes.set("items", shape);
    partProperties.set("values", values);
    return part;
  }

  private static String pointerEscape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static JsonNode load(ContractSchema schema) {
    String resource = "/schemas/" + schema.fileName();
    try (InputStream in = ContractSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("contract schema not on the classpath: " + resource);
      }
      return ContractJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
