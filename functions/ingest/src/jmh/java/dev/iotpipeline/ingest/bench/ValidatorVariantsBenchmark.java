package dev.iotpipeline.ingest.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SchemaLocation;

import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;
import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.PayloadFormat;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;

/** Ways to validate one canonical reading (ns per reading). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidatorVariantsBenchmark {

  private final CanonicalReading reading =
      new CanonicalReading(
          "m-1",
          "smart-meter",
          "power_w",
          1520.5,
          "W",
          1_763_999_970_000L,
          1_764_000_000_000L,
          true,
          new Source(
              Protocol.MQTT, PayloadFormat.FLAT_JSON, "dt/smart-meter/m-1/telemetry", "m-1", null));
  private JsonNode tree;
  private JsonSchema networknt;
  private JsonSchema metricOnly;
  private Validator harrel;
  private URI harrelUri;
  private final TextNode metric = TextNode.valueOf("power_w");
  private com.networknt.schema.ExecutionContext reused;
  private JsonSchema batch;
  private JsonNode sevenTrees;

  @Setup
  public void setUp() throws Exception {
    tree = ContractJson.mapper().valueToTree(reading);
    JsonSchemaFactory factory = ContractSchemas.newFactory();
    networknt = factory.getSchema(SchemaLocation.of(ContractSchema.CANONICAL_READING.id()));
    networknt.initializeValidators();
    metricOnly =
        factory.getSchema(
            SchemaLocation.of(ContractSchema.CANONICAL_READING.id() + "#/properties/metric"));
    metricOnly.initializeValidators();
    reused = networknt.createExecutionContext();
    batch =
        factory.getSchema(
            "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"array\",\"items\":{\"$ref\":\""
                + ContractSchema.CANONICAL_READING.id()
                + "\"}}");
    batch.initializeValidators();
    com.fasterxml.jackson.databind.node.ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 7; i++) {
      array.add(ContractJson.mapper().valueToTree(reading));
    }
    sevenTrees = array;
    if (!Boolean.TRUE.equals(batch.validate(sevenTrees, OutputFormat.BOOLEAN))) {
      throw new IllegalStateException("batch");
    }
    JsonNode schemaNode;
    try (var in =
        getClass().getResourceAsStream("/schemas/" + ContractSchema.CANONICAL_READING.fileName())) {
      schemaNode = ContractJson.mapper().readTree(in);
    }
    harrel =
        new ValidatorFactory().withJsonNodeFactory(new JacksonNode.Factory()).createValidator();
    harrelUri = harrel.registerSchema(schemaNode);
    if (!harrel.validate(harrelUri, tree).isValid()
        || !Boolean.TRUE.equals(networknt.validate(tree, OutputFormat.BOOLEAN))
        || !Boolean.TRUE.equals(metricOnly.validate(metric, OutputFormat.BOOLEAN))) {
      throw new IllegalStateException("a validator rejects the valid reading");
    }
  }

  @Benchmark
  public JsonNode valueToTree() {
    return ContractJson.mapper().valueToTree(reading);
  }

  @Benchmark
  public JsonNode buildNode() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode();
    node.put("sensorId", reading.sensorId());
    node.put("deviceType", reading.deviceType());
    node.put("metric", reading.metric());
    node.put("value", reading.value());
    node.put("unit", reading.unit());
    node.put("eventTime", reading.eventTime());
    node.put("receivedAt", reading.receivedAt());
    node.put("connected", reading.connected());
    ObjectNode source = node.putObject("source");
    source.put("protocol", reading.source().protocol().name());
    source.put("format", reading.source().format().name());
    source.put("topic", reading.source().topic());
    source.put("clientId", reading.source().clientId());
    return node;
  }

  @Benchmark
  public Object networkntBoolean() {
    return networknt.validate(tree, OutputFormat.BOOLEAN);
  }

  @Benchmark
  public Object networkntReusedContext() {
    return networknt.validate(reused, tree, OutputFormat.BOOLEAN);
  }

  @Benchmark
  public Object networkntSevenSingly() {
    Object last = null;
    for (JsonNode item : sevenTrees) {
      last = networknt.validate(item, OutputFormat.BOOLEAN);
    }
    return last;
  }

  @Benchmark
  public Object networkntSevenAsOneArray() {
    return batch.validate(sevenTrees, OutputFormat.BOOLEAN);
  }

  @Benchmark
  public Object networkntMetricPropertyOnly() {
    return metricOnly.validate(metric, OutputFormat.BOOLEAN);
  }

  @Benchmark
  public boolean harrelValid() {
    return harrel.validate(harrelUri, tree).isValid();
  }
}
