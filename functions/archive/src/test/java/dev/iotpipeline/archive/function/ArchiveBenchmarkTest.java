package dev.iotpipeline.archive.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.testsupport.MskEvents;
import dev.iotpipeline.testsupport.MskEvents.Rec;
import dev.iotpipeline.testsupport.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Records per second of one invocation, end to end through the Lambda mock event server (JSON
 * decoding, gzip, PutObject to the embedded S3 server). Not part of verify: {@code ./mvnw -B -pl
 * functions/archive verify -Pbench}.
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(S3Resource.class)
class ArchiveBenchmarkTest {

  private static final int RECORDS = 5_000;
  private static final int PARTITIONS = 4;
  private static final int WARMUP = 3;
  private static final int MEASURED = 10;

  @Test
  void recordsPerSecondPerInvocation() {
    long t = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    List<Rec> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      int partition = i % PARTITIONS;
      String sensor = "m-" + (i % 500);
      CanonicalReading reading = ArchiveFunctionTest.reading(sensor, t + i * 100L);
      records.add(
          Rec.json(
              Topics.RAW_EVENTS, partition, 1_000_000 + i, reading.eventTime(), sensor, reading));
    }
    String event = MskEvents.build(records);

    double[] rates = new double[MEASURED];
    for (int run = 0; run < WARMUP + MEASURED; run++) {
      long start = System.nanoTime();
      int written =
          given()
              .contentType("application/json")
              .body(event)
              .when()
              .post()
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getInt("records");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(written).isEqualTo(RECORDS);
      if (run >= WARMUP) {
        rates[run - WARMUP] = RECORDS / seconds;
      }
    }
    Arrays.sort(rates);
    System.out.printf(
        "BENCH archive: %d records/invocation (%d partitions, 1 hour, %d KiB event): median %.0f"
            + " records/s, min %.0f, max %.0f over %d invocations%n",
        RECORDS,
        PARTITIONS,
        event.length() / 1024,
        rates[MEASURED / 2],
        rates[0],
        rates[MEASURED - 1],
        MEASURED);
  }
}
