package dev.iotpipeline.ingest.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.PayloadFormat;
import dev.iotpipeline.ingest.decode.Decoded;
import dev.iotpipeline.ingest.decode.FlatJsonDecoder;
import dev.iotpipeline.ingest.decode.PayloadRejectedException;
import dev.iotpipeline.ingest.decode.SenmlDecoder;
import dev.iotpipeline.ingest.service.SchemaValidator;
import dev.iotpipeline.ingest.service.Translation;

/**
 * Where the translation's time goes, per message of each format: decoding alone (parse + format
 * rules), the readings' JSON trees, and their schema validation. Compare with {@link
 * IngestBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StagesBenchmark {

  @Param({"FLAT_JSON", "SENML_JSON", "SENML_CBOR"})
  public String format;

  private byte[] payload;
  private CanonicalReading[] readings;
  private JsonNode[] trees;
  private List<CanonicalReading> readingList;
  private List<DevicePresence> presenceList;
  private final SchemaValidator validator = new SchemaValidator();

  @Setup
  public void setUp() {
    IngestBenchmark whole = new IngestBenchmark();
    whole.format = format;
    whole.setUp();
    payload = whole.payload();
    Translation translation = whole.translateSample();
    readings = translation.readings().toArray(CanonicalReading[]::new);
    trees = new JsonNode[readings.length];
    for (int i = 0; i < readings.length; i++) {
      trees[i] = ContractJson.mapper().valueToTree(readings[i]);
    }
    readingList = translation.readings();
    presenceList = translation.presences();
  }

  @Benchmark
  public Decoded decode() throws PayloadRejectedException {
    return switch (PayloadFormat.valueOf(format)) {
      case FLAT_JSON -> FlatJsonDecoder.decode(payload, 1_764_000_000_000L);
      case SENML_JSON -> SenmlDecoder.decodeJson(payload, 1_764_000_000_000L);
      default -> SenmlDecoder.decodeCbor(payload, 1_764_000_000_000L);
    };
  }

  @Benchmark
  public JsonNode readingTrees() {
    JsonNode last = null;
    for (CanonicalReading reading : readings) {
      last = ContractJson.mapper().valueToTree(reading);
    }
    return last;
  }

  @Benchmark
  public int validateTrees() {
    int n = 0;
    for (JsonNode tree : trees) {
      n += validator.violations(ContractSchema.CANONICAL_READING, tree).size();
    }
    return n;
  }

  /** The production check of a whole message's records (verdicts remembered, note 0208). */
  @Benchmark
  public boolean validateMessage() {
    return validator.allValid(readingList, presenceList);
  }

  @Benchmark
  public byte[] serialiseReadings() throws IOException {
    byte[] last = null;
    for (CanonicalReading reading : readings) {
      last = ContractJson.mapper().writeValueAsBytes(reading);
    }
    return last;
  }
}
