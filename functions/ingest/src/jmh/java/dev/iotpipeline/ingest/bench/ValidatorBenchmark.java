package dev.iotpipeline.ingest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.erosb.jsonsKema.Schema;
import com.github.erosb.jsonsKema.SchemaLoader;
import com.github.erosb.jsonsKema.ValidationFailure;
import com.github.erosb.jsonsKema.Validator;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.PayloadFormat;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.ingest.service.SchemaValidator;

/**
 * Validations per second of one canonical reading against canonical-reading.schema.json: networknt
 * with messages (ContractSchemas), networknt "valid?" only (the ingest path), and json-sKema on the
 * reading's JSON text (which ingest writes to Kafka anyway), next to the serialisation alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidatorBenchmark {

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
  private final SchemaValidator fast = new SchemaValidator(SchemaValidator.Mode.PER_RECORD);
  private Validator skema;
  private URI document;

  @Setup
  public void setUp() throws IOException {
    String schemaText;
    try (InputStream in =
        ContractSchemas.class.getResourceAsStream(
            "/schemas/" + ContractSchema.CANONICAL_READING.fileName())) {
      schemaText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Schema schema = new SchemaLoader(schemaText).load();
    skema = Validator.forSchema(schema);
    document = URI.create("urn:reading");
    if (skema.validate(ContractJson.mapper().writeValueAsString(reading), document) != null) {
      throw new IllegalStateException("json-sKema rejects a valid reading");
    }
  }

  @Benchmark
  public String serializeOnly() throws JsonProcessingException {
    return ContractJson.mapper().writeValueAsString(reading);
  }

  @Benchmark
  public List<String> networkntWithMessages() {
    JsonNode tree = ContractJson.mapper().valueToTree(reading);
    return ContractSchemas.get().validate(ContractSchema.CANONICAL_READING, tree);
  }

  @Benchmark
  public List<String> networkntValidOnly() {
    return fast.violations(ContractSchema.CANONICAL_READING, reading);
  }

  @Benchmark
  public ValidationFailure jsonSkemaOnText() throws JsonProcessingException {
    return skema.validate(ContractJson.mapper().writeValueAsString(reading), document);
  }
}
