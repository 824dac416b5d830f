package dev.iotpipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * The shared input samples of {@code src/samples/inputs} (path from the system property {@code
 * samples.dir}, set by the pom). Every sample is meant for the address {@code
 * dt/smart-meter/m-1/telemetry} (HTTP {@code /telemetry/smart-meter/m-1}).
 */
public final class Samples {

  public static final String TOPIC = "dt/smart-meter/m-1/telemetry";
  public static final String PATH = "/telemetry/smart-meter/m-1";

  /** 2025-11-24T16:00:00Z: the receive time the tests use. */
  public static final long RECEIVED_AT = 1_764_000_000_000L;

  private Samples() {}

  public static Path inputs() {
    return Path.of(System.getProperty("samples.dir", "../../src/samples"), "inputs");
  }

  public static List<Path> valid() {
    return list(inputs().resolve("valid"));
  }

  public static List<Path> invalid() {
    return list(inputs().resolve("invalid"));
  }

  /** The reason code named by an invalid sample's file name ({@code <REASON>--<what>.<ext>}). */
  public static DeadLetterReason reasonOf(Path invalid) {
    String name = invalid.getFileName().toString();
    return DeadLetterReason.valueOf(name.substring(0, name.indexOf("--")));
  }

  public static byte[] bytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(String relative) {
    return bytes(inputs().resolve(relative));
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
