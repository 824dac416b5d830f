package dev.iotpipeline.fanout.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.AlertStatus;
import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Records per second of one invocation, end to end through the Lambda mock event server: half
 * CRITICAL alerts (PagerDuty + SNS critical), half WARNING (SNS monitoring), every delivery an HTTP
 * call to a local receiver plus an idempotency row in the embedded PostgreSQL; 50 sensors, so the
 * delivery lanes (fanout.parallelism, default 4) run side by side. Not part of verify: {@code
 * ./mvnw -B -pl functions/alert-fanout verify -Pbench}.
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FanoutResource.class)
class AlertFanoutBenchmarkTest {

  private static final int RECORDS = 200;
  private static final int WARMUP = 3;
  private static final int MEASURED = 10;

  @Test
  void recordsPerSecondPerInvocation() {
    report("sinks answer at once", measure());
  }

  /**
   * The same with every PagerDuty and SNS answer delayed by 20 ms, about what the real services
   * take from inside AWS: the delivery lanes now overlap the waits, which is what they are for.
   */
  @Test
  void recordsPerSecondPerInvocationWith20MsSinkLatency() {
    FanoutResource.pagerDuty.wireMock().setGlobalFixedDelay(20);
    FanoutResource.sns.wireMock().setGlobalFixedDelay(20);
    try {
      report("sinks answer after 20 ms", measure());
    } finally {
      FanoutResource.pagerDuty.wireMock().setGlobalFixedDelay(0);
      FanoutResource.sns.wireMock().setGlobalFixedDelay(0);
    }
  }

  private static double[] measure() {
    double[] rates = new double[MEASURED];
    for (int run = 0; run < WARMUP + MEASURED; run++) {
      FanoutResource.reset();
      Alert[] alerts = new Alert[RECORDS];
      for (int i = 0; i < RECORDS; i++) {
        Severity severity = i % 2 == 0 ? Severity.CRITICAL : Severity.WARNING;
        alerts[i] = AlertFanoutFunctionTest.alert("b-" + (i % 50), severity, AlertStatus.TRIGGERED);
      }
      String event = AlertFanoutFunctionTest.event(alerts);
      long start = System.nanoTime();
      int delivered =
          AlertFanoutFunctionTest.invoke(event)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getInt("delivered");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(delivered).isEqualTo(RECORDS * 3 / 2);
      if (run >= WARMUP) {
        rates[run - WARMUP] = RECORDS / seconds;
      }
    }
    Arrays.sort(rates);
    return rates;
  }

  private static void report(String setting, double[] rates) {
    System.out.printf(
        "BENCH alert-fanout (%s): %d alerts/invocation (%d deliveries): median %.0f records/s,"
            + " min %.0f, max %.0f over %d invocations%n",
        setting,
        RECORDS,
        RECORDS * 3 / 2,
        rates[MEASURED / 2],
        rates[0],
        rates[MEASURED - 1],
        MEASURED);
  }
}
