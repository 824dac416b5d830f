package dev.iotpipeline.ingest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.SplittableRandom;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.ingest.model.RawMessage;
import dev.iotpipeline.ingest.service.IngestTranslator;
import dev.iotpipeline.ingest.service.SchemaValidator;
import dev.iotpipeline.ingest.service.Translation;

/**
 * Messages per second on one thread (= per core) for each payload format: a bare Jackson parse of
 * the payload (the limit), against the whole translation (format detection, decoding, SenML
 * resolution, semantic checks, JSON Schema validation of every record) of the same bytes, with the
 * production validator (one call per message, each distinct value once), with one "valid?" call per
 * record, and with the readable messages built for every record. Every result is returned, so JMH
 * consumes it (no dead-code elimination).
 *
 * <p>The messages come from {@code devices} devices in turn: each device's copy of the sample has
 * its own sensor id (in the payload and the topic), values and times, so that the production
 * validator, which remembers the values it has seen (note 0208), is measured on a fleet rather than
 * on one message repeated. Both sides go through the same copies. With more devices than it
 * remembers (65,536 per property), every sensor id is new to it: {@code -p devices=200000} is that
 * worst case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {

  @Param({"FLAT_JSON", "SENML_JSON", "SENML_CBOR"})
  public String format;

  @Param({"10000"})
  public int devices = 10_000;

  private static final long RECEIVED_AT = 1_764_000_000_000L;

  private final ObjectMapper json = new ObjectMapper();
  private final ObjectMapper cbor = new CBORMapper();
  private byte[] payload;
  private RawMessage message;
  private byte[][] payloads;
  private RawMessage[] messages;
  private int next;
  private IngestTranslator translator;
  private IngestTranslator translatorPerRecord;
  private IngestTranslator translatorWithMessages;

  @Setup
  public void setUp() {
    payload =
        switch (format) {
          case "FLAT_JSON" -> sample("valid/flat-json--iso-timestamp.json");
          case "SENML_JSON" -> sample("valid/senml-json--rfc8428-5.1.2-multiple-datapoints.json");
          default -> sample("valid/senml-cbor--rfc8428-6.cbor");
        };
    message =
        new RawMessage(
            payload, Protocol.MQTT, "dt/smart-meter/m-1/telemetry", "m-1", null, RECEIVED_AT);
    FleetPayloads fleet = new FleetPayloads(format, payload, new SplittableRandom(20261124));
    payloads = new byte[devices][];
    messages = new RawMessage[devices];
    for (int d = 0; d < devices; d++) {
      payloads[d] = fleet.forDevice(d);
      String sensor = "m-" + d;
      messages[d] =
          new RawMessage(
              payloads[d],
              Protocol.MQTT,
              "dt/smart-meter/" + sensor + "/telemetry",
              sensor,
              null,
              RECEIVED_AT + d);
    }
    translator = new IngestTranslator(131_072, Duration.ofHours(1), new SchemaValidator());
    translatorPerRecord =
        new IngestTranslator(
            131_072, Duration.ofHours(1), new SchemaValidator(SchemaValidator.Mode.PER_RECORD));
    translatorWithMessages =
        new IngestTranslator(
            131_072,
            Duration.ofHours(1),
            new SchemaValidator(SchemaValidator.Mode.PER_RECORD_WITH_MESSAGES));
    for (RawMessage m : messages) {
      Translation check = translatorPerRecord.translate(m);
      if (!check.isAccepted()) {
        throw new IllegalStateException("benchmark payload rejected: " + check.deadLetter());
      }
    }
    if (!translator.translate(message).isAccepted()
        || !translatorWithMessages.translate(message).isAccepted()) {
      throw new IllegalStateException("benchmark sample rejected");
    }
  }

  /** The next device's message, round robin. */
  private int nextDevice() {
    int d = next;
    next = d + 1 == devices ? 0 : d + 1;
    return d;
  }

  @Benchmark
  public JsonNode bareParse() throws IOException {
    return ("SENML_CBOR".equals(format) ? cbor : json).readTree(payloads[nextDevice()]);
  }

  @Benchmark
  public Translation translateAndValidate() {
    return translator.translate(messages[nextDevice()]);
  }

  @Benchmark
  public Translation translateAndValidatePerRecord() {
    return translatorPerRecord.translate(messages[nextDevice()]);
  }

  @Benchmark
  public Translation translateAndValidateWithMessages() {
    return translatorWithMessages.translate(messages[nextDevice()]);
  }

  /** The sample's message (one device), for the stage benchmarks. */
  Translation translateSample() {
    return translator.translate(message);
  }

  byte[] payload() {
    return payload;
  }

  static byte[] sample(String name) {
    try (InputStream in = IngestBenchmark.class.getResourceAsStream("/bench-samples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample not on the classpath: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
