package dev.iotpipeline.local.service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A function module's build as Lambda's Java runtime loads it: one flat class path and a handler
 * class. The Quarkus Lambda extensions package a JVM function as {@code target/function.zip} (the
 * application's classes at the root, its libraries under {@code lib/}): it is unpacked as Lambda
 * unpacks it into {@code /var/task}, and the class path is the root plus {@code lib/*}, as the Java
 * runtime sets it. A runner jar or a fast-jar layout ({@code target/quarkus-app}) is read when
 * there is no zip.
 */
public record FunctionJar(String name, Path target) {

  /** Funqy's handler, as configured on the Lambda function in infra/. */
  public static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler";

  /** The plain Quarkus Lambda extension's handler. */
  public static final String QUARKUS_HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler";

  /** The module's build folder under {@code repoRoot}. */
  public static FunctionJar of(Path repoRoot, String module) {
    return new FunctionJar(
        module.substring(module.lastIndexOf('/') + 1), repoRoot.resolve(module).resolve("target"));
  }

  public boolean built() {
    return Files.isRegularFile(zip())
        || runnerJar().isPresent()
        || Files.isRegularFile(fastJar().resolve("quarkus-run.jar"));
  }

  private Path zip() {
    return target.resolve("function.zip");
  }

  /** Unpacks function.zip into {@code taskRoot} (Lambda's /var/task), replacing an older copy. */
  public Path unpack(Path taskRoot) throws IOException {
    if (Files.isDirectory(taskRoot)) {
      try (Stream<Path> old = Files.walk(taskRoot)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(taskRoot);
    try (java.util.zip.ZipFile zipFile = new java.util.zip.ZipFile(zip().toFile())) {
      var entries = zipFile.entries();
      while (entries.hasMoreElements()) {
        var entry = entries.nextElement();
        Path out = taskRoot.resolve(entry.getName()).normalize();
        if (!out.startsWith(taskRoot)) {
          throw new IOException("function.zip entry outside its folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          try (var in = zipFile.getInputStream(entry)) {
            Files.copy(in, out);
          }
        }
      }
    }
    return taskRoot;
  }

  private Path fastJar() {
    return target.resolve("quarkus-app");
  }

  private Optional<Path> runnerJar() {
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The handler class Lambda would be configured with for this build. */
  public String handler() throws IOException {
    if (Files.isRegularFile(zip())) {
      try (java.util.zip.ZipFile zipFile = new java.util.zip.ZipFile(zip().toFile())) {
        return zipFile.stream().anyMatch(e -> e.getName().contains("quarkus-funqy-amazon-lambda"))
            ? FUNQY_HANDLER
            : QUARKUS_HANDLER;
      }
    }
    Optional<Path> runner = runnerJar();
    if (runner.isPresent()) {
      try (JarFile jar = new JarFile(runner.get().toFile())) {
        return jar.getEntry(FUNQY_HANDLER.replace('.', '/') + ".class") != null
            ? FUNQY_HANDLER
            : QUARKUS_HANDLER;
      }
    }
    try (Stream<Path> libs = Files.list(fastJar().resolve("lib/main"))) {
      return libs.anyMatch(p -> p.getFileName().toString().contains("quarkus-funqy-amazon-lambda"))
          ? FUNQY_HANDLER
          : QUARKUS_HANDLER;
    }
  }

  /**
   * The flat class path, plus {@code extra} (where the runtime client class lives); {@code
   * taskRoot} is where function.zip is unpacked.
   */
  public String classPath(Path taskRoot, Path extra) throws IOException {
    List<String> entries = new ArrayList<>();
    Optional<Path> runner = runnerJar();
    if (Files.isRegularFile(zip())) {
      unpack(taskRoot);
      entries.add(taskRoot.toString());
      entries.add(taskRoot.resolve("lib") + File.separator + "*");
    } else if (runner.isPresent()) {
      entries.add(runner.get().toString());
    } else {
      Path app = fastJar();
      for (String jar :
          List.of("quarkus/transformed-bytecode.jar", "quarkus/generated-bytecode.jar")) {
        if (Files.exists(app.resolve(jar))) {
          entries.add(app.resolve(jar).toString());
        }
      }
      for (String dir : List.of("app", "lib/main", "lib/boot")) {
        Path folder = app.resolve(dir);
        if (Files.isDirectory(folder)) {
          try (Stream<Path> jars = Files.list(folder)) {
            jars.filter(p -> p.toString().endsWith(".jar"))
                .sorted()
                .forEach(p -> entries.add(p.toString()));
          }
        }
      }
    }
    entries.add(extra.toString());
    return String.join(File.pathSeparator, entries);
  }
}
