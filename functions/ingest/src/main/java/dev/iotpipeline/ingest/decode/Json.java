package dev.iotpipeline.ingest.decode;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * The strict readers of device payloads, and the few streaming steps the decoders share.
 *
 * <p>The decoders read tokens instead of building a {@link JsonNode} tree, but must reject exactly
 * what {@code readTree} rejected, with the same message. So every value is read the way Jackson's
 * tree deserializer reads it ({@code BaseNodeDeserializer}: {@code nextFieldName()} then {@code
 * nextToken()}, {@code getText()} for strings, the number getters by number type, {@code
 * getEmbeddedObject()}), even the values a decoder ignores: a lazily decoded string or byte string
 * only shows broken UTF-8 or a truncation when it is read.
 */
final class Json {

  /**
   * Device JSON: NaN/Infinity tokens are read (so they are rejected as NON_FINITE_VALUE with a
   * clear reason rather than as malformed JSON); duplicate keys and trailing content are malformed.
   * {@link LifecycleDecoder} reads trees with it; the payload decoders read tokens with the same
   * rules ({@link #JSON_TOKENS}, {@link #finish}).
   */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * The decoders' JSON parsers: {@link #JSON}'s features, except that duplicate names are found by
   * the decoders ({@link #nextFieldName}). The parser's own check keeps a {@code HashSet} per
   * object of three or more fields, which cost a quarter of a SenML pack's decoding; the decoders
   * mostly know a name is new from the label it maps to.
   */
  static final JsonFactory JSON_TOKENS =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          // Same doubles as Double.parseDouble (both round correctly), read from the parser's
          // buffer: the JDK path first copies every number into a String.
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  /** The decoders' CBOR parsers, also without the parser's duplicate check. */
  static final CBORFactory CBOR_TOKENS = new SenmlCborFactory();

  private Json() {}

  /** The rejection of bytes the parser refused, worded as {@code readTree}'s callers worded it. */
  static PayloadRejectedException malformed(boolean cbor, IOException e) {
    String message =
        e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
    return cbor
        ? new PayloadRejectedException(
            DeadLetterReason.MALFORMED_CBOR, "not valid CBOR: " + message)
        : new PayloadRejectedException(
            DeadLetterReason.MALFORMED_JSON, "not valid JSON: " + message);
  }

  /**
   * Reads the scalar or container the parser stands on, as the tree deserializer would, and returns
   * the type its node would have. A container is read to its end.
   */
  static JsonNodeType readValue(JsonParser p, JsonToken token) throws IOException {
    if (token.isStructStart()) {
      skipContainer(p);
      return token == JsonToken.START_OBJECT ? JsonNodeType.OBJECT : JsonNodeType.ARRAY;
    }
    return readScalar(p, token);
  }

  /** The node type of a scalar token, after reading its value as the tree deserializer does. */
  static JsonNodeType readScalar(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        p.getText();
        return JsonNodeType.STRING;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        number(p, token);
        return JsonNodeType.NUMBER;
      case VALUE_TRUE:
      case VALUE_FALSE:
        return JsonNodeType.BOOLEAN;
      case VALUE_NULL:
        return JsonNodeType.NULL;
      case VALUE_EMBEDDED_OBJECT:
        return embeddedType(p.getEmbeddedObject());
      default:
        throw new IllegalStateException("not a value token: " + token);
    }
  }

  /** {@code BaseNodeDeserializer._fromEmbedded}: null, bytes, or anything else (a POJO). */
  static JsonNodeType embeddedType(Object embedded) {
    if (embedded == null) {
      return JsonNodeType.NULL;
    }
    if (embedded instanceof byte[]) {
      return JsonNodeType.BINARY;
    }
    return embedded instanceof JsonNode node ? node.getNodeType() : JsonNodeType.POJO;
  }

  /**
   * A number token's value, read through the getter the tree deserializer uses for its number type
   * (so it equals {@code JsonNode.asDouble()} of the node it would have built).
   */
  static double number(JsonParser p, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return switch (p.getNumberType()) {
        case INT -> p.getIntValue();
        case LONG -> p.getLongValue();
        default -> p.getBigIntegerValue().doubleValue();
      };
    }
    return switch (p.getNumberTypeFP()) {
      case BIG_DECIMAL -> p.getDecimalValue().doubleValue();
      case FLOAT32 -> p.getFloatValue();
      default -> p.getDoubleValue();
    };
  }

  /**
   * The node {@code readTree} would have built for the value the parser stands on, for the one
   * field that needs a node ({@link Timestamps#toEpochMillis}). A container becomes an empty one of
   * its type: only its type is ever looked at.
   */
  static JsonNode node(JsonParser p, JsonToken token) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (token) {
      case START_OBJECT:
        skipContainer(p);
        return nodes.objectNode();
      case START_ARRAY:
        skipContainer(p);
        return nodes.arrayNode();
      case VALUE_STRING:
        return nodes.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> nodes.numberNode(p.getIntValue());
          case LONG -> nodes.numberNode(p.getLongValue());
          default -> nodes.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return switch (p.getNumberTypeFP()) {
          case BIG_DECIMAL -> nodes.numberNode(p.getDecimalValue());
          case FLOAT32 -> nodes.numberNode(p.getFloatValue());
          default -> nodes.numberNode(p.getDoubleValue());
        };
      case VALUE_TRUE:
        return nodes.booleanNode(true);
      case VALUE_FALSE:
        return nodes.booleanNode(false);
      case VALUE_EMBEDDED_OBJECT:
        Object embedded = p.getEmbeddedObject();
        if (embedded == null) {
          return nodes.nullNode();
        }
        return embedded instanceof byte[] bytes
            ? nodes.binaryNode(bytes)
            : nodes.pojoNode(embedded);
      default:
        return nodes.nullNode();
    }
  }

  /** The names read so far in one object, for the duplicate check the parsers leave to us. */
  interface Names {

    /** Whether the object already had this name; the name counts as read from now on. */
    boolean isDuplicate(String name);
  }

  /** Names of an object nothing else keeps track of (a nested value that is skipped). */
  static final class SeenNames implements Names {
    private final List<String> seen = new ArrayList<>(4);

    @Override
    public boolean isDuplicate(String name) {
      boolean duplicate = seen.contains(name);
      seen.add(name);
      return duplicate;
    }
  }

  /**
   * The next name of the object the parser is in, or null at its end, rejected as the parser with
   * {@code STRICT_DUPLICATE_DETECTION} rejects it when the object had it already ("Duplicate field
   * 'x'"). That parser checks when it sets the name, before the JSON parser reads ahead the first
   * token of the value: if that read fails, the duplicate is still what is reported.
   */
  static String nextFieldName(JsonParser p, Names names) throws IOException {
    String name;
    try {
      name = p.nextFieldName();
    } catch (JacksonException e) {
      // The current token is a name only if this call had set it when it failed.
      if (p.currentToken() == JsonToken.FIELD_NAME && names.isDuplicate(p.currentName())) {
        throw duplicate(p, p.currentName());
      }
      throw e;
    }
    if (name != null && names.isDuplicate(name)) {
      throw duplicate(p, name);
    }
    return name;
  }

  private static JsonParseException duplicate(JsonParser p, String name) {
    return new JsonParseException(p, "Duplicate field '" + name + "'");
  }

  /**
   * Reads the container whose start token the parser stands on to its end token. Inside an object
   * the name is read with {@code nextFieldName()}, as the tree deserializer reads it (the parsers
   * implement it apart from {@code nextToken()}, and their errors should read the same).
   */
  static void skipContainer(JsonParser p) throws IOException {
    ArrayDeque<Names> objects = new ArrayDeque<>();
    if (p.currentToken() == JsonToken.START_OBJECT) {
      objects.push(new SeenNames());
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken token;
      if (p.getParsingContext().inObject()) {
        token = nextFieldName(p, objects.peek()) == null ? p.currentToken() : p.nextToken();
      } else {
        token = p.nextToken();
      }
      if (token == null) {
        return;
      }
      switch (token) {
        case START_OBJECT -> {
          depth++;
          objects.push(new SeenNames());
        }
        case START_ARRAY -> depth++;
        case END_OBJECT -> {
          depth--;
          objects.pop();
        }
        case END_ARRAY -> depth--;
        default -> readScalar(p, token);
      }
    }
  }

  /**
   * Reads what is left of the document after a decoder stopped early, so a payload that breaks both
   * a format rule and the syntax is rejected for its syntax, as {@code readTree}, which parsed
   * everything first, rejected it. The parser stands on a value that was read, at the top level or
   * in an array (a SenML pack).
   */
  static void drain(JsonParser p) throws IOException {
    while (!p.getParsingContext().inRoot()) {
      if (p.getParsingContext().inObject()) {
        throw new IllegalStateException("drain starts in an array or at the top level");
      }
      JsonToken token = p.nextToken();
      if (token == null) {
        return;
      }
      if (!token.isStructEnd()) {
        readValue(p, token);
      }
    }
    finish(p);
  }

  /**
   * After the document's one value: anything more is malformed, with {@code readTree}'s message
   * (databind's {@code reportTrailingTokens}, for {@code FAIL_ON_TRAILING_TOKENS}).
   */
  static void finish(JsonParser p) throws IOException {
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(
          p,
          "Trailing token (of type "
              + trailing
              + ") found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not"
              + " allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
    }
  }
}
