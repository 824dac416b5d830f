package dev.iotpipeline.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.ContractSchema;
import dev.iotpipeline.contracts.ContractSchemas;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.Protocol;
import dev.iotpipeline.ingest.PayloadMutations;
import dev.iotpipeline.ingest.Samples;
import dev.iotpipeline.ingest.model.IngestResult;
import dev.iotpipeline.ingest.model.RawMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property-based fuzzing (jqwik, which runs on the JUnit Platform 6 of the Quarkus BOM): 12,000
 * mutated payloads (bit flips, truncation, insertion, deletion, duplication; one to three each) of
 * the valid samples in all three formats, with and without content type, through the ingest
 * service. No exception may escape, and every input must end either as readings/presence changes or
 * as exactly one dead letter, both valid against their schemas.
 */
class MutatedPayloadsTest {

  private static final int TRIES = 10_000;
  private static final String[] CONTENT_TYPES = {
    null, null, null, "application/json", "application/senml+json", "application/senml+cbor", "112"
  };
  private static final List<byte[]> SEEDS = Samples.valid().stream().map(Samples::bytes).toList();

  private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
  private static final List<ProducerRecord<String, byte[]>> PUBLISHED = new ArrayList<>();
  private static final IngestService SERVICE =
      new IngestService(
          IngestTranslatorTest.TRANSLATOR,
          PUBLISHED::addAll,
          new IngestMetrics(REGISTRY),
          TopicNames.contract());
  private static final Map<DeadLetterReason, Integer> REASONS =
      new EnumMap<>(DeadLetterReason.class);
  private static int accepted;

  /** A mutated sample and the content type it is sent with. */
  record Mutant(byte[] payload, String contentType) {
    @Override
    public String toString() {
      return "Mutant[" + contentType + ", " + java.util.HexFormat.of().formatHex(payload) + "]";
    }
  }

  @Provide
  Arbitrary<Mutant> mutants() {
    return Combinators.combine(
            Arbitraries.integers().between(0, SEEDS.size() - 1),
            Arbitraries.longs(),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(CONTENT_TYPES).injectNull(0.0))
        .as(
            (sample, mutationSeed, mutations, contentType) -> {
              SplittableRandom random = new SplittableRandom(mutationSeed);
              byte[] bytes = SEEDS.get(sample);
              for (int m = 0; m < mutations; m++) {
                bytes = PayloadMutations.mutateOnce(bytes, random);
              }
              return new Mutant(bytes, contentType);
            });
  }

  @Property(tries = TRIES, seed = "20261124", shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void everyMutantEndsAsReadingsOrExactlyOneDeadLetter(@ForAll("mutants") Mutant mutant)
      throws Exception {
    PUBLISHED.clear();
    IngestResult result =
        SERVICE.ingest(
            new RawMessage(
                mutant.payload(),
                Protocol.MQTT,
                Samples.TOPIC,
                "m-1",
                mutant.contentType(),
                Samples.RECEIVED_AT));

    if (result.accepted()) {
      accepted++;
      assertThat(PUBLISHED).isNotEmpty().noneMatch(r -> r.topic().equals("iot-dlq"));
      assertThat(PUBLISHED).hasSize(result.readings() + result.presences());
      for (ProducerRecord<String, byte[]> record : PUBLISHED) {
        if (record.topic().equals("iot-raw-events")) {
          JsonNode reading = ContractJson.mapper().readTree(record.value());
          assertThat(ContractSchemas.get().validate(ContractSchema.CANONICAL_READING, reading))
              .isEmpty();
          assertThat(record.timestamp()).isEqualTo(reading.get("eventTime").asLong());
        }
      }
    } else {
      REASONS.merge(result.deadLetter().reason(), 1, Integer::sum);
      assertThat(PUBLISHED).singleElement();
      assertThat(PUBLISHED.get(0).topic()).isEqualTo("iot-dlq");
      JsonNode deadLetter = ContractJson.mapper().readTree(PUBLISHED.get(0).value());
      assertThat(ContractSchemas.get().validate(ContractSchema.DEAD_LETTER, deadLetter)).isEmpty();
    }
  }

  @AfterContainer
  static void everyMutantWasCountedOnceAndTheMutationsReachedDeep() {
    double received = REGISTRY.find(IngestMetrics.RECEIVED).counter().count();
    double acceptedMessages = REGISTRY.find(IngestMetrics.ACCEPTED_MESSAGES).counter().count();
    double rejected =
        REGISTRY.find(IngestMetrics.REJECTED).counters().stream().mapToDouble(c -> c.count()).sum();
    assertThat(received).isGreaterThanOrEqualTo(TRIES).isEqualTo(acceptedMessages + rejected);
    assertThat(acceptedMessages).isEqualTo(accepted).isPositive();
    assertThat(REASONS)
        .containsKeys(
            DeadLetterReason.MALFORMED_JSON,
            DeadLetterReason.MALFORMED_CBOR,
            DeadLetterReason.UNSUPPORTED_FORMAT,
            DeadLetterReason.INVALID_SENML);
  }
}
