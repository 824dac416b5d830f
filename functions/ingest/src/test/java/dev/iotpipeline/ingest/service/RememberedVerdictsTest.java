package dev.iotpipeline.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.contracts.PayloadFormat;
import dev.iotpipeline.contracts.PresenceOrigin;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.contracts.Source;
import dev.iotpipeline.ingest.PayloadMutations;
import dev.iotpipeline.ingest.Samples;
import dev.iotpipeline.ingest.model.RawMessage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The production validator asks the schema library about each value only the first time it sees it
 * (decision note 0208). Its verdicts must be those of validating every record whole: the same
 * readings, or the same dead letter (reason and detail), for messages built to hit the schemas'
 * limits (names with illegal characters, lengths around 128/32, several sensors, device types,
 * units), for mutants of the samples, and for numbers at and around the schemas' bounds; and the
 * trees validated on a rejection must be the records' JSON.
 */
class RememberedVerdictsTest {

  /** Remembers only 8 values per property, so that forgetting when full is exercised too. */
  private static final IngestTranslator SMALL_MEMORY =
      new IngestTranslator(
          131_072, Duration.ofHours(1), new SchemaValidator(SchemaValidator.Mode.REMEMBERING, 8));

  private static final IngestTranslator PRODUCTION =
      new IngestTranslator(131_072, Duration.ofHours(1), new SchemaValidator());
  private static final IngestTranslator PER_RECORD =
      new IngestTranslator(
          131_072, Duration.ofHours(1), new SchemaValidator(SchemaValidator.Mode.PER_RECORD));

  private static final SchemaValidator REMEMBERING = new SchemaValidator();
  private static final SchemaValidator WHOLE_RECORDS =
      new SchemaValidator(SchemaValidator.Mode.PER_RECORD);

  private static final Map<String, Integer> EDGE_OUTCOMES = new ConcurrentHashMap<>();
  private static final Map<Boolean, Integer> NUMBER_OUTCOMES = new ConcurrentHashMap<>();

  /** Characters that are legal in some fields and not in others. */
  private static final String ALPHABET = "aZ09:-/_.@# %é";

  @Test
  void theContractSchemasOfReadingsAndPresencesSplitIntoFieldNamesAndValues() {
    assertThat(new SchemaValidator().remembersVerdicts()).isTrue();
    assertThat(new SchemaValidator(SchemaValidator.Mode.PER_RECORD).remembersVerdicts()).isFalse();
  }

  @Test
  void theRememberedFieldsAreTheRecordsComponents() {
    // A component added to a record but not to the validator's list would go unchecked.
    assertThat(RememberingSchemaValidator.READING_FIELDS)
        .containsExactly(componentNames(CanonicalReading.class));
    assertThat(RememberingSchemaValidator.PRESENCE_FIELDS)
        .containsExactly(componentNames(DevicePresence.class));
    assertThat(RememberingSchemaValidator.SOURCE_FIELDS)
        .containsExactly(componentNames(Source.class));
  }

  @Property(tries = 3_000, seed = "20261126")
  void numbersAndLengthsAroundTheBoundsGetTheLibrarysVerdict(
      @ForAll("edgeDoubles") double value,
      @ForAll("edgeLongs") long eventTime,
      @ForAll("edgeLongs") long receivedAt,
      @ForAll("edgeTexts") String unit,
      @ForAll("edgeTexts") String topic,
      @ForAll("edgeTexts") String clientId) {
    CanonicalReading reading =
        new CanonicalReading(
            "m-1",
            "smart-meter",
            "power_w",
            value,
            unit,
            eventTime,
            receivedAt,
            null,
            new Source(Protocol.MQTT, PayloadFormat.FLAT_JSON, topic, clientId, null));
    DevicePresence presence =
        new DevicePresence("m-1", true, eventTime, PresenceOrigin.READING, null);
    boolean expected = WHOLE_RECORDS.allValid(List.of(reading), List.of(presence));

    assertThat(REMEMBERING.allValid(List.of(reading), List.of(presence))).isEqualTo(expected);
    NUMBER_OUTCOMES.merge(expected, 1, Integer::sum);
  }

  @AfterContainer
  static void theEdgeValuesHitTheBoundsBothWays() {
    assertThat(NUMBER_OUTCOMES.getOrDefault(true, 0)).isGreaterThan(100);
    assertThat(NUMBER_OUTCOMES.getOrDefault(false, 0)).isGreaterThan(100);
  }

  @Provide
  Arbitrary<Double> edgeDoubles() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -0.5,
            1e-300,
            -1e-300,
            0x1p63,
            -0x1p63,
            0x1p64,
            1e300,
            -1e300,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE),
        Arbitraries.doubles());
  }

  /** Lengths around the schemas' string bounds (32, 128, 256, 512), in code points and chars. */
  @Provide
  Arbitrary<String> edgeTexts() {
    Arbitrary<Integer> lengths =
        Arbitraries.oneOf(
            Arbitraries.of(0, 1, 31, 32, 33, 127, 128, 129, 255, 256, 257, 511, 512, 513),
            Arbitraries.integers().between(0, 600));
    // "😀" is one code point but two chars: a length in chars would misjudge it.
    Arbitrary<String> unit = Arbitraries.of("W", "é", "😀");
    return Combinators.combine(lengths, unit).as((n, u) -> n == 0 ? null : u.repeat(n));
  }

  @Provide
  Arbitrary<Long> edgeLongs() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            0L,
            -1L,
            1L,
            (long) Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L,
            (long) Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L,
            Long.MAX_VALUE,
            Long.MIN_VALUE),
        Arbitraries.longs());
  }

  private static String[] componentNames(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .toArray(String[]::new);
  }

  @Test
  void anInvalidValueInALaterRecordRejectsTheMessageWithThatRecordsMessages() {
    // SenML allows the name, the contract's metric pattern does not (longer than 128).
    String pack =
        "[{\"bn\":\"m-1:\",\"n\":\"power_w\",\"v\":1},{\"n\":\""
            + "a".repeat(129)
            + "\",\"v\":2},{\"n\":\"energy_wh\",\"v\":3}]";

    Translation translation = SMALL_MEMORY.translate(senml(pack, "dt/smart-meter/m-1/telemetry"));

    assertThat(translation.isAccepted()).isFalse();
    assertThat(translation.deadLetter().reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    assertThat(translation.deadLetter().detail()).contains("canonical-reading").contains("metric");
    assertThat(
            SMALL_MEMORY
                .translate(senml(pack.replace("a".repeat(129), "a".repeat(128)), Samples.TOPIC))
                .isAccepted())
        .isTrue();
    assertThat(translation).isEqualTo(PER_RECORD.translate(senml(pack, Samples.TOPIC)));
  }

  @Test
  void aSchemaViolationBeforeASemanticFaultIsTheReasonAsRecordByRecord() {
    // Record 0's unit is longer than the schema's 32 characters, record 1 lies in the year 2999.
    String pack =
        "[{\"bn\":\"m-1:\",\"n\":\"power_w\",\"u\":\""
            + "W".repeat(40)
            + "\",\"v\":1,\"t\":1764000000},{\"n\":\"ok\",\"v\":2,\"t\":32503680000}]";

    Translation translation = SMALL_MEMORY.translate(senml(pack, Samples.TOPIC));

    assertThat(translation.deadLetter().reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    assertThat(translation.deadLetter().detail()).contains("unit");
    assertThat(translation).isEqualTo(PER_RECORD.translate(senml(pack, Samples.TOPIC)));
  }

  @Test
  void recordTreesAreTheRecordsJson() {
    for (var sample : Samples.valid()) {
      Translation translation =
          SMALL_MEMORY.translate(
              RawMessage.mqtt(Samples.bytes(sample), Samples.TOPIC, "m-1", Samples.RECEIVED_AT));
      assertRecordTreesAreJson(translation);
    }
  }

  @Property(tries = 2_000, seed = "20261124")
  void rememberedVerdictsDecideAsRecordByRecord(@ForAll("edgeMessages") RawMessage message) {
    Translation remembered = SMALL_MEMORY.translate(message);

    assertThat(remembered).isEqualTo(PER_RECORD.translate(message));
    assertThat(PRODUCTION.translate(message)).isEqualTo(remembered);
    assertRecordTreesAreJson(remembered);
    EDGE_OUTCOMES.merge(
        remembered.isAccepted() ? "ACCEPTED" : remembered.deadLetter().reason().name(),
        1,
        Integer::sum);
  }

  @AfterContainer
  static void theEdgeMessagesHitTheSchemasBothWays() {
    // Otherwise the comparison above would prove little.
    assertThat(EDGE_OUTCOMES.getOrDefault("ACCEPTED", 0)).isGreaterThan(100);
    assertThat(EDGE_OUTCOMES.getOrDefault("SCHEMA_VIOLATION", 0)).isGreaterThan(100);
  }

  @Property(tries = 2_000, seed = "20261125")
  void rememberedVerdictsDecideAsRecordByRecordOnMutants(
      @ForAll("sampleIndex") int sample, @ForAll long seed) {
    List<java.nio.file.Path> valid = Samples.valid();
    byte[] bytes = Samples.bytes(valid.get(sample % valid.size()));
    SplittableRandom random = new SplittableRandom(seed);
    for (int m = 0; m < 1 + random.nextInt(3); m++) {
      bytes = PayloadMutations.mutateOnce(bytes, random);
    }
    RawMessage message = RawMessage.mqtt(bytes, Samples.TOPIC, "m-1", Samples.RECEIVED_AT);

    Translation expected = PER_RECORD.translate(message);
    assertThat(SMALL_MEMORY.translate(message)).isEqualTo(expected);
    assertThat(PRODUCTION.translate(message)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Integer> sampleIndex() {
    return Arbitraries.integers().between(0, 1_000);
  }

  @Provide
  Arbitrary<RawMessage> edgeMessages() {
    Arbitrary<String> names = edgeStrings(140);
    Arbitrary<String> units = edgeStrings(40);
    Arbitrary<String> deviceTypes = Arbitraries.of("smart-meter", "Smart-Meter", "a", "x y");
    return Combinators.combine(
            Arbitraries.longs(),
            names.list().ofMinSize(1).ofMaxSize(4),
            units.list().ofMinSize(1).ofMaxSize(3),
            deviceTypes,
            Arbitraries.of(true, false))
        .as(
            (seed, sensors, unitChoices, deviceType, flat) -> {
              SplittableRandom random = new SplittableRandom(seed);
              String topic = "dt/" + deviceType + "/m-1/telemetry";
              if (flat) {
                ObjectNode object = ContractJson.mapper().createObjectNode();
                int fields = 1 + random.nextInt(6);
                for (int i = 0; i < fields; i++) {
                  object.put(pick(sensors, random), random.nextInt(1000) / 10.0);
                }
                if (random.nextBoolean()) {
                  object.put("connected", random.nextBoolean());
                }
                return RawMessage.mqtt(bytes(object.toString()), topic, "m-1", Samples.RECEIVED_AT);
              }
              ArrayNode pack = ContractJson.mapper().createArrayNode();
              int records = 1 + random.nextInt(8);
              for (int i = 0; i < records; i++) {
                ObjectNode record = pack.addObject();
                if (i == 0 || random.nextInt(3) == 0) {
                  record.put("bn", pick(sensors, random) + ":");
                }
                record.put("n", random.nextInt(4) == 0 ? "connected" : "m" + random.nextInt(5));
                if ("connected".equals(record.get("n").asText())) {
                  record.put("vb", random.nextBoolean());
                } else {
                  record.put("v", random.nextInt(10_000) / 100.0);
                }
                if (random.nextBoolean()) {
                  record.put("u", pick(unitChoices, random));
                }
                record.put("t", -random.nextInt(100));
              }
              return RawMessage.mqtt(bytes(pack.toString()), topic, "m-1", Samples.RECEIVED_AT);
            });
  }

  /** Strings of legal and illegal characters, with lengths around the schemas' limits. */
  private static Arbitrary<String> edgeStrings(int maxLength) {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(8),
        Arbitraries.strings().withChars("ab1_".toCharArray()).ofMinLength(1).ofMaxLength(maxLength),
        Arbitraries.of("power_w", "m-2", "urn:dev:ow:10e2073a0108006", "%RH", "W", "Cel"));
  }

  private static String pick(List<String> choices, SplittableRandom random) {
    return choices.get(random.nextInt(choices.size()));
  }

  private static void assertRecordTreesAreJson(Translation translation) {
    for (CanonicalReading reading : translation.readings()) {
      assertThat(RecordTrees.reading(reading, RecordTrees.source(reading.source())))
          .isEqualTo(ContractJson.mapper().valueToTree(reading));
    }
    for (DevicePresence presence : translation.presences()) {
      assertThat(RecordTrees.presence(presence))
          .isEqualTo(ContractJson.mapper().valueToTree(presence));
    }
  }

  private static RawMessage senml(String pack, String topic) {
    return RawMessage.mqtt(bytes(pack), topic, "m-1", Samples.RECEIVED_AT);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
