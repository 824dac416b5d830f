package dev.iotpipeline.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;

/**
 * The stats read totals even when a step registry (CloudWatch's publishes per-minute deltas) sits
 * in the composite beside the cumulative one: a composite counter answers from whichever child
 * comes first, so /api/stats showed the last minute's counts once CloudWatch was on.
 */
class StatsTotalsTest {

  @Test
  void totalsComeFromTheCumulativeRegistryWhicheverChildComesFirst() {
    MockClock clock = new MockClock();
    StepMeterRegistry step = stepRegistry(clock);
    SimpleMeterRegistry cumulative = new SimpleMeterRegistry();
    CompositeMeterRegistry composite = new CompositeMeterRegistry(clock);
    composite.add(step);
    composite.add(cumulative);

    composite.counter("pipeline.readings.late").increment(5);
    clock.add(Duration.ofMinutes(2)); // two steps on: the step registry's counter reads 0

    assertThat(step.counter("pipeline.readings.late").count()).isZero();
    assertThat(StatsService.cumulative(composite)).isSameAs(cumulative);
    assertThat(StatsService.cumulative(composite).counter("pipeline.readings.late").count())
        .isEqualTo(5);
  }

  private static StepMeterRegistry stepRegistry(MockClock clock) {
    StepRegistryConfig config =
        new StepRegistryConfig() {
          @Override
          public String prefix() {
            return "test";
          }

          @Override
          public String get(String key) {
            return null;
          }

          @Override
          public Duration step() {
            return Duration.ofMinutes(1);
          }
        };
    return new StepMeterRegistry(config, clock) {
      @Override
      protected void publish() {}

      @Override
      protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
      }
    };
  }
}
