package dev.iotpipeline.archive.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.testsupport.PackagedFunction;
import dev.iotpipeline.testsupport.PackagedFunction.Outcome;

/** The packaged function refuses to start without its bucket, saying which setting is missing. */
class StartupSettingsIT {

  @Test
  void missingArchiveBucketStopsStartUpNamingIt() throws Exception {
    Outcome outcome = PackagedFunction.start(Map.of("AWS_REGION", "eu-central-1"));

    assertThat(outcome.exited()).as(outcome.output()).isTrue();
    assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
    assertThat(outcome.output()).contains("ARCHIVE_BUCKET");
  }
}
