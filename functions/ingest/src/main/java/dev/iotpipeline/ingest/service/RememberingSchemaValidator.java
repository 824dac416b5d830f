package dev.iotpipeline.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.Source;

/**
 * Validates readings and presence changes against the contract schemas with networknt, asking the
 * library about each value only the first time it sees it (decision note 0208).
 *
 * <p>Why that gives the library's verdict for every record: the contract roots of {@code
 * canonical-reading} and {@code device-presence} say only {@code type: object}, {@code required},
 * {@code additionalProperties: false} and {@code properties} (plus annotations and {@code $defs}).
 * For such a schema a record is valid exactly when (a) its set of field names satisfies the root,
 * and (b) each field's value is valid against its property's subschema; and (b) depends on the
 * value alone (JSON Schema has no keyword that looks at other instance data). So this class keeps,
 * per property, the values networknt has found valid, and per record type the field-name sets it
 * has found valid, and asks networknt only about values it has not seen. A root that uses any other
 * keyword makes {@link #create} return null, and the caller validates whole records.
 *
 * <p>Numbers are remembered by class, not by value, where a property's subschema uses only {@code
 * type} and the bounds {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code
 * exclusiveMaximum} (plus annotations): their verdict is a function of the JSON node's kind,
 * whether the number is integral, and how it compares with each bound. The class is exactly that
 * tuple; the verdict for a class is still networknt's, for the first value of the class. Any other
 * keyword ({@code multipleOf}, {@code enum}, {@code const}, {@code $ref}, …) makes the property's
 * numbers remembered by exact value. Strings likewise by class where the subschema says only {@code
 * type}, {@code minLength}, {@code maxLength}: the class is how their length in code points
 * compares with each bound (a topic, a unit); other strings (sensor ids, metric names: patterns),
 * booleans and objects by exact value. The reading's {@code source} object, itself separable, is
 * checked field by field the same way.
 *
 * <p>Memory is bounded: a property remembers at most {@code capacity} values and forgets them all
 * when full (a fleet larger than that costs one library call per new value, never a wrong verdict).
 * Only valid values are remembered: an invalid record is looked at again, whole, for its messages.
 */
final class RememberingSchemaValidator {

  /** Root keywords under which a record's verdict splits into field names and field values. */
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

  /** Keywords that take no part in a verdict (annotations). */
  private static final Set<String> ANNOTATIONS =
      Set.of(
          "$comment",
          "title",
          "description",
          "examples",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly");

  /** Bounds under which, with {@code type}, a number's verdict depends only on its class. */
  private static final Set<String> NUMBER_BOUNDS =
      Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");

  /** Bounds under which, with {@code type}, a string's verdict depends only on its length. */
  private static final Set<String> LENGTH_BOUNDS = Set.of("minLength", "maxLength");

  /** At most this many bounds make a class key (5 kinds × 3^4 comparisons). */
  private static final int MAX_BOUNDS = 4;

  /** The record components of {@link CanonicalReading}, in the order of the record. */
  static final List<String> READING_FIELDS =
      List.of(
          "sensorId",
          "deviceType",
          "metric",
          "value",
          "unit",
          "eventTime",
          "receivedAt",
          "connected",
          "source");

  /** The record components of {@link Source}, in the order of the record. */
  static final List<String> SOURCE_FIELDS =
      List.of("protocol", "format", "topic", "clientId", "contentType");

  /** The record components of {@link DevicePresence}, in the order of the record. */
  static final List<String> PRESENCE_FIELDS =
      List.of("sensorId", "connected", "eventTime", "origin", "disconnectReason");

  private static final JsonNodeFactory NODES = ContractJson.mapper().getNodeFactory();

  private final RecordSchema reading;
  private final RecordSchema presence;

  /** The reading's source object field by field, or null when it is remembered whole. */
  private final RecordSchema source;

  private RememberingSchemaValidator(
      RecordSchema reading, RecordSchema presence, RecordSchema source) {
    this.reading = reading;
    this.presence = presence;
    this.source = source;
  }

  /**
   * A validator for the contract's reading and presence schemas, or null when one of them is not
   * separable (see the class comment).
   *
   * @param capacity how many values each property remembers at most
   */
  static RememberingSchemaValidator create(JsonSchemaFactory factory, int capacity) {
    Map<String, PropertyVerdicts> byReference = new HashMap<>();
    String readingId = ContractSchema.CANONICAL_READING.id();
    JsonNode readingContract = load(ContractSchema.CANONICAL_READING);
    RecordSchema reading =
        RecordSchema.of(
            factory, readingId, readingContract, "", READING_FIELDS, capacity, byReference);
    RecordSchema presence =
        RecordSchema.of(
            factory,
            ContractSchema.DEVICE_PRESENCE.id(),
            load(ContractSchema.DEVICE_PRESENCE),
            "",
            PRESENCE_FIELDS,
            capacity,
            byReference);
    if (reading == null || presence == null) {
      return null;
    }
    // The source object is itself separable: checked field by field, its topic and client id (one
    // per device) need no lookup, only their lengths; otherwise it is remembered whole.
    String sourceRef = readingContract.path("properties").path("source").path("$ref").asText("");
    RecordSchema source =
        sourceRef.startsWith("#/")
            ? RecordSchema.of(
                factory,
                readingId,
                readingContract.at(sourceRef.substring(1)),
                sourceRef.substring(1),
                SOURCE_FIELDS,
                capacity,
                byReference)
            : null;
    return new RememberingSchemaValidator(reading, presence, source);
  }

  /** Whether the reading is valid against the canonical-reading schema. */
  boolean valid(CanonicalReading r) {
    RecordSchema s = reading;
    int present =
        present(0, r.sensorId())
            | present(1, r.deviceType())
            | present(2, r.metric())
            | 1 << 3
            | present(4, r.unit())
            | 1 << 5
            | 1 << 6
            | present(7, r.connected())
            | present(8, r.source());
    return s.shapeValid(present)
        && s.property(0).textValid(r.sensorId())
        && s.property(1).textValid(r.deviceType())
        && s.property(2).textValid(r.metric())
        && s.property(3).numberValid(r.value())
        && s.property(4).textValid(r.unit())
        && s.property(5).integerValid(r.eventTime())
        && s.property(6).integerValid(r.receivedAt())
        && s.property(7).booleanValid(r.connected())
        && sourceValid(r.source());
  }

  private boolean sourceValid(Source src) {
    if (src == null) {
      return true;
    }
    RecordSchema s = source;
    if (s == null) {
      return reading.property(8).objectValid(src, RecordTrees::source);
    }
    int present =
        present(0, src.protocol())
            | present(1, src.format())
            | present(2, src.topic())
            | present(3, src.clientId())
            | present(4, src.contentType());
    return s.shapeValid(present)
        && s.property(0).textValid(src.protocol() == null ? null : src.protocol().name())
        && s.property(1).textValid(src.format() == null ? null : src.format().name())
        && s.property(2).textValid(src.topic())
        && s.property(3).textValid(src.clientId())
        && s.property(4).textValid(src.contentType());
  }

  /** Whether the presence change is valid against the device-presence schema. */
  boolean valid(DevicePresence p) {
    RecordSchema s = presence;
    int present =
        present(0, p.sensorId())
            | 1 << 1
            | 1 << 2
            | present(3, p.origin())
            | present(4, p.disconnectReason());
    return s.shapeValid(present)
        && s.property(0).textValid(p.sensorId())
        && s.property(1).booleanValid(p.connected())
        && s.property(2).integerValid(p.eventTime())
        && s.property(3).textValid(p.origin() == null ? null : p.origin().name())
        && s.property(4).textValid(p.disconnectReason());
  }

  /** Bit {@code index} when the field is in the JSON (the records leave nulls out). */
  private static int present(int index, Object value) {
    return value == null ? 0 : 1 << index;
  }

  /** One record schema: its field-name sets and its properties. */
  private static final class RecordSchema {

    private final List<String> fields;
    private final JsonSchema shapeSchema;
    private final PropertyVerdicts[] properties;

    /** 1 where the field-name set with these bits is known valid. */
    private final AtomicIntegerArray validShapes;

    private RecordSchema(
        List<String> fields, JsonSchema shapeSchema, PropertyVerdicts[] properties) {
      this.fields = fields;
      this.shapeSchema = shapeSchema;
      this.properties = properties;
      this.validShapes = new AtomicIntegerArray(1 << fields.size());
    }

    /**
     * @param byReference properties whose subschema is only a {@code $ref}, by the absolute
     *     reference: properties referring to the same subschema (a reading's and a presence's
     *     {@code sensorId}) share what they remember
     */
    static RecordSchema of(
        JsonSchemaFactory factory,
        String schemaId,
        JsonNode contract,
        String pointer,
        List<String> fields,
        int capacity,
        Map<String, PropertyVerdicts> byReference) {
      Iterator<String> keywords = contract.fieldNames();
      while (keywords.hasNext()) {
        if (!SEPARABLE_ROOT_KEYWORDS.contains(keywords.next())) {
          return null;
        }
      }
      JsonNode additional = contract.get("additionalProperties");
      JsonNode declared = contract.get("properties");
      if (!"object".equals(contract.path("type").asText())
          || (additional != null && !additional.isBoolean())
          || declared == null
          || !declared.isObject()) {
        return null;
      }
      // The root's own field-name rules, with every value allowed.
      ObjectNode shape = NODES.objectNode();
      shape.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      shape.put("type", "object");
      if (contract.has("required")) {
        shape.set("required", contract.get("required").deepCopy());
      }
      if (additional != null) {
        shape.set("additionalProperties", additional.deepCopy());
      }
      ObjectNode anyValue = shape.putObject("properties");
      declared.fieldNames().forEachRemaining(name -> anyValue.put(name, true));
      JsonSchema shapeSchema = factory.getSchema(shape);
      shapeSchema.initializeValidators();

      PropertyVerdicts[] properties = new PropertyVerdicts[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        String name = fields.get(i);
        JsonNode subschema = declared.get(name);
        if (subschema == null) {
          // Not declared: a value is unconstrained; whether the name may appear at all is the
          // shape's question (additionalProperties).
          properties[i] = PropertyVerdicts.unconstrained();
        } else if (subschema.size() == 1 && subschema.path("$ref").isTextual()) {
          String target = URI.create(schemaId).resolve(subschema.get("$ref").asText()).toString();
          properties[i] =
              byReference.computeIfAbsent(
                  target, t -> PropertyVerdicts.of(factory, t, subschema, capacity));
        } else {
          String location =
              schemaId
                  + "#"
                  + pointer
                  + "/properties/"
                  + name.replace("~", "~0").replace("/", "~1");
          properties[i] = PropertyVerdicts.of(factory, location, subschema, capacity);
        }
      }
      return new RecordSchema(fields, shapeSchema, properties);
    }

    PropertyVerdicts property(int index) {
      return properties[index];
    }

    boolean shapeValid(int present) {
      if (validShapes.get(present) == 1) {
        return true;
      }
      ObjectNode names = NODES.objectNode();
      for (int i = 0; i < fields.size(); i++) {
        if ((present & 1 << i) != 0) {
          names.putNull(fields.get(i));
        }
      }
      boolean valid = Boolean.TRUE.equals(shapeSchema.validate(names, OutputFormat.BOOLEAN));
      if (valid) {
        validShapes.set(present, 1);
      }
      return valid;
    }
  }

  /** The remembered verdicts of one property's subschema. */
  private static final class PropertyVerdicts {

    private final JsonSchema subschema;
    private final int capacity;
    private final Set<Object> validValues;

    /** The bounds of an order-only subschema, or null when numbers are remembered by value. */
    private final BigDecimal[] bounds;

    /** 1 where the number class with this key is known valid. */
    private final AtomicIntegerArray validClasses;

    /**
     * The length bounds of a subschema that judges strings by length only, or null when strings are
     * remembered by value.
     */
    private final int[] lengthBounds;

    /** 1 where the string length class with this key is known valid. */
    private final AtomicIntegerArray validLengthClasses;

    /**
     * The last value found valid: a message's records share their sensor, source, device type and
     * often metric, so the same value comes again at once and needs no lookup. Racy by design:
     * whichever valid value a thread sees here is valid.
     */
    private Object lastValid;

    private PropertyVerdicts(
        JsonSchema subschema, int capacity, BigDecimal[] bounds, int[] lengthBounds) {
      this.subschema = subschema;
      this.capacity = capacity;
      this.validValues = ConcurrentHashMap.newKeySet();
      this.bounds = bounds;
      this.validClasses =
          bounds == null ? null : new AtomicIntegerArray(NumberKind.COUNT * pow3(bounds.length));
      this.lengthBounds = lengthBounds;
      this.validLengthClasses =
          lengthBounds == null ? null : new AtomicIntegerArray(pow3(lengthBounds.length));
    }

    static PropertyVerdicts unconstrained() {
      return new PropertyVerdicts(null, 0, null, null);
    }

    /**
     * @param location the contract's own subschema, by absolute URI and JSON pointer: nothing of it
     *     is restated here
     * @param subschema its text, to tell whether numbers are remembered by class
     */
    static PropertyVerdicts of(
        JsonSchemaFactory factory, String location, JsonNode subschema, int capacity) {
      ObjectNode reference = NODES.objectNode();
      reference.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      reference.put("$ref", location);
      JsonSchema compiled = factory.getSchema(reference);
      compiled.initializeValidators();
      return new PropertyVerdicts(
          compiled, capacity, orderOnlyBounds(subschema), lengthOnlyBounds(subschema));
    }

    /** The subschema's numeric bounds if its verdict on numbers depends only on their class. */
    private static BigDecimal[] orderOnlyBounds(JsonNode subschema) {
      List<JsonNode> bounds = boundsOnly(subschema, NUMBER_BOUNDS);
      return bounds == null || !bounds.stream().allMatch(JsonNode::isNumber)
          ? null
          : bounds.stream().map(JsonNode::decimalValue).toArray(BigDecimal[]::new);
    }

    /**
     * The subschema's length bounds if its verdict on strings depends only on their length in code
     * points (the unit of {@code minLength}/{@code maxLength}).
     */
    private static int[] lengthOnlyBounds(JsonNode subschema) {
      List<JsonNode> bounds = boundsOnly(subschema, LENGTH_BOUNDS);
      return bounds == null || !bounds.stream().allMatch(JsonNode::canConvertToInt)
          ? null
          : bounds.stream().mapToInt(JsonNode::intValue).toArray();
    }

    /**
     * The values of the subschema's bound keywords when it says nothing but {@code type}, those
     * bounds and annotations (and at most {@link #MAX_BOUNDS} of them); otherwise null.
     */
    private static List<JsonNode> boundsOnly(JsonNode subschema, Set<String> boundKeywords) {
      if (!subschema.isObject()) {
        return null;
      }
      List<JsonNode> bounds = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = subschema.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> keyword = it.next();
        String name = keyword.getKey();
        if (boundKeywords.contains(name)) {
          bounds.add(keyword.getValue());
        } else if (!name.equals("type") && !ANNOTATIONS.contains(name)) {
          return null;
        }
      }
      return bounds.size() > MAX_BOUNDS ? null : bounds;
    }

    boolean textValid(String value) {
      if (value == null) {
        return true;
      }
      if (lengthBounds != null) {
        int length = value.codePointCount(0, value.length());
        int key = 0;
        for (int bound : lengthBounds) {
          key = key * 3 + 1 + Integer.compare(length, bound);
        }
        return classValid(validLengthClasses, key, NODES.textNode(value));
      }
      return remembered(value) || ask(value, NODES.textNode(value));
    }

    boolean booleanValid(Boolean value) {
      return value == null || remembered(value) || ask(value, NODES.booleanNode(value));
    }

    <T> boolean objectValid(T value, Function<T, JsonNode> json) {
      return value == null || remembered(value) || ask(value, json.apply(value));
    }

    private boolean remembered(Object value) {
      Object last = lastValid;
      if (value == last || subschema == null || value.equals(last)) {
        return true;
      }
      if (validValues.contains(value)) {
        lastValid = value;
        return true;
      }
      return false;
    }

    boolean integerValid(long value) {
      if (subschema == null) {
        return true;
      }
      if (bounds != null) {
        int kind = value == (int) value ? NumberKind.INT : NumberKind.LONG;
        int key = kind;
        for (BigDecimal bound : bounds) {
          key = key * 3 + 1 + compare(value, bound);
        }
        return classValid(validClasses, key, NODES.numberNode(value));
      }
      return validValues.contains(value) || ask(value, NODES.numberNode(value));
    }

    boolean numberValid(double value) {
      if (subschema == null) {
        return true;
      }
      if (bounds != null && Double.isFinite(value)) {
        int kind;
        if (value != Math.rint(value)) {
          kind = NumberKind.FRACTIONAL;
        } else if (value >= -0x1p63 && value < 0x1p63) {
          kind = NumberKind.INTEGRAL_IN_LONG_RANGE;
        } else {
          kind = NumberKind.INTEGRAL_BEYOND_LONG_RANGE;
        }
        int key = kind;
        for (BigDecimal bound : bounds) {
          key = key * 3 + 1 + compare(value, bound);
        }
        return classValid(validClasses, key, NODES.numberNode(value));
      }
      return validValues.contains(value) || ask(value, NODES.numberNode(value));
    }

    /** Whether the class with this key is valid: remembered, or the library's verdict on one. */
    private boolean classValid(AtomicIntegerArray classes, int key, JsonNode representative) {
      if (classes.get(key) == 1) {
        return true;
      }
      boolean valid = Boolean.TRUE.equals(subschema.validate(representative, OutputFormat.BOOLEAN));
      if (valid) {
        classes.set(key, 1);
      }
      return valid;
    }

    private boolean ask(Object key, JsonNode value) {
      boolean valid = Boolean.TRUE.equals(subschema.validate(value, OutputFormat.BOOLEAN));
      if (valid) {
        if (validValues.size() >= capacity) {
          validValues.clear();
        }
        validValues.add(key);
        lastValid = key;
      }
      return valid;
    }

    /** -1, 0 or 1 as the value is below, at or above the bound, mathematically. */
    private static int compare(long value, BigDecimal bound) {
      if (bound.signum() == 0) {
        return Long.signum(value);
      }
      return BigDecimal.valueOf(value).compareTo(bound);
    }

    private static int compare(double value, BigDecimal bound) {
      if (bound.signum() == 0) {
        // -0.0 equals the bound 0, as in JSON's number model.
        return value < 0 ? -1 : value > 0 ? 1 : 0;
      }
      return new BigDecimal(value).compareTo(bound);
    }

    private static int pow3(int n) {
      int p = 1;
      for (int i = 0; i < n; i++) {
        p *= 3;
      }
      return p;
    }
  }

  /**
   * The kinds of number node the records produce; networknt's {@code type} verdict may differ
   * between them (an integral double against {@code integer}, an int against a long).
   */
  private static final class NumberKind {
    static final int INT = 0;
    static final int LONG = 1;
    static final int INTEGRAL_IN_LONG_RANGE = 2;
    static final int INTEGRAL_BEYOND_LONG_RANGE = 3;
    static final int FRACTIONAL = 4;
    static final int COUNT = 5;

    private NumberKind() {}
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
