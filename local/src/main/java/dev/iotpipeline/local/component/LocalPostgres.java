package dev.iotpipeline.local.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL 17 (zonky's binaries) whose data folder survives restarts. */
public final class LocalPostgres implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  public static final String DATABASE = "postgres";

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts (and on first use initialises) a server keeping its data in {@code folder}. */
  public static LocalPostgres start(Path folder, int port) throws IOException {
    Files.createDirectories(folder);
    return new LocalPostgres(
        EmbeddedPostgres.builder()
            .setDataDirectory(folder.toAbsolutePath())
            .setCleanDataDirectory(false)
            .setPort(port)
            .start());
  }

  public int port() {
    return server.getPort();
  }

  /** For JDBC clients. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** For Quarkus' reactive client. */
  public String reactiveUrl() {
    return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
