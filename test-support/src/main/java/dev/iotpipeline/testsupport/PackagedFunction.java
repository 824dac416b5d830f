package dev.iotpipeline.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the packaged function (the JVM Lambda artifact) in its own process, as Lambda init does.
 */
public final class PackagedFunction {

  /** What the process printed and how it ended. */
  public record Outcome(boolean exited, int exitCode, String output) {}

  private PackagedFunction() {}

  /** Runs {@code target/*-runner.jar} with only these environment settings (plus PATH, HOME). */
  public static Outcome start(Map<String, String> environment) throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("run after package: no runner jar"));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Djava.io.tmpdir=target/tmp", "-jar", jar.toString());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
    env.putAll(environment);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    reader.start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(10_000);
    return new Outcome(
        exited, exited ? process.exitValue() : -1, output.toString(StandardCharsets.UTF_8));
  }
}
