package dev.iotpipeline.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 17), started once per JVM on a
 * free port in a fresh data folder under {@code java.io.tmpdir}, and stopped when the JVM exits.
 */
public final class EmbeddedPostgres {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  public static final String DATABASE = "postgres";

  private static EmbeddedPostgres instance;

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts the server on first use; later calls return the running one. */
  public static synchronized EmbeddedPostgres start() {
    if (instance == null) {
      try {
        Path dataFolder = Files.createTempDirectory("embedded-pg-");
        instance =
            new EmbeddedPostgres(
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataFolder)
                    .setCleanDataDirectory(true)
                    .setPort(FreePorts.next())
                    .start());
      } catch (IOException e) {
        throw new IllegalStateException("The embedded PostgreSQL server did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "embedded-postgres-stop"));
    }
    return instance;
  }

  public int port() {
    return server.getPort();
  }

  /** For the JDBC driver. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** For Quarkus' reactive client ({@code quarkus.datasource.reactive.url}). */
  public String reactiveUrl() {
    return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  private void stop() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("Embedded PostgreSQL did not stop cleanly: " + e);
    }
  }
}
