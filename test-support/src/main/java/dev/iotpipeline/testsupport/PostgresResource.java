package dev.iotpipeline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} application's datasource at the JVM's {@link EmbeddedPostgres}. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    EmbeddedPostgres postgres = EmbeddedPostgres.start();
    return Map.of(
        "quarkus.datasource.db-kind",
        "postgresql",
        "quarkus.datasource.reactive.url",
        postgres.reactiveUrl(),
        "quarkus.datasource.jdbc.url",
        postgres.jdbcUrl(),
        "quarkus.datasource.username",
        EmbeddedPostgres.USER,
        "quarkus.datasource.password",
        EmbeddedPostgres.PASSWORD,
        "quarkus.datasource.devservices.enabled",
        "false");
  }

  @Override
  public void stop() {
    // Shared by every test of the JVM; stops with it.
  }
}
