package dev.iotpipeline.local.service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A function module's built Quarkus application ({@code target/quarkus-app}) laid out as Lambda's
 * Java runtime loads a JVM function: one flat class path (Quarkus' transformed and generated
 * bytecode first, then the application and its libraries) and a handler class.
 */
public record FunctionJar(String name, Path appDir) {

  /** Funqy's handler, as configured on the Lambda function in infra/. */
  public static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler";

  /** The plain Quarkus Lambda extension's handler. */
  public static final String QUARKUS_HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler";

  /** The module's quarkus-app folder under {@code repoRoot}. */
  public static FunctionJar of(Path repoRoot, String module) {
    return new FunctionJar(
        module.substring(module.lastIndexOf('/') + 1),
        repoRoot.resolve(module).resolve("target/quarkus-app"));
  }

  public boolean built() {
    return Files.isRegularFile(appDir.resolve("quarkus-run.jar"));
  }

  /** The handler class Lambda would be configured with for this build. */
  public String handler() throws IOException {
    try (Stream<Path> libs = Files.list(appDir.resolve("lib/main"))) {
      return libs.anyMatch(p -> p.getFileName().toString().contains("quarkus-funqy-amazon-lambda"))
          ? FUNQY_HANDLER
          : QUARKUS_HANDLER;
    }
  }

  /** The flat class path, plus {@code extra} (where the runtime client class lives). */
  public String classPath(Path extra) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String jar :
        List.of("quarkus/transformed-bytecode.jar", "quarkus/generated-bytecode.jar")) {
      if (Files.exists(appDir.resolve(jar))) {
        entries.add(appDir.resolve(jar).toString());
      }
    }
    for (String dir : List.of("app", "lib/main", "lib/boot")) {
      Path folder = appDir.resolve(dir);
      if (Files.isDirectory(folder)) {
        try (Stream<Path> jars = Files.list(folder)) {
          jars.filter(p -> p.toString().endsWith(".jar"))
              .sorted()
              .forEach(p -> entries.add(p.toString()));
        }
      }
    }
    entries.add(extra.toString());
    return String.join(File.pathSeparator, entries);
  }
}
