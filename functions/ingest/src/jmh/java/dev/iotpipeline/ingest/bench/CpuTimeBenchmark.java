package dev.iotpipeline.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Messages per CPU-second of the benchmark thread for the same bare parse and translation as {@link
 * IngestBenchmark}, for a machine shared with other builds: JMH measures wall time, which a load of
 * 8-15 on two cores inflates by whatever the scheduler gives others; the thread's own CPU time is
 * what one core spends per message. The two sides run interleaved, round by round, so both see the
 * same load; the median of the rounds is reported.
 *
 * <p>Run: {@code ./mvnw -B -pl functions/ingest -Pbench test-compile exec:exec
 * -Dbench.main=dev.iotpipeline.ingest.bench.CpuTimeBenchmark -Djmh.args="9 300"} (rounds, CPU
 * milliseconds per round; a third argument {@code stages} splits the translation, {@code devices=N}
 * sends N devices' messages in turn instead of 10,000).
 */
public final class CpuTimeBenchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile int sink;
  private static int devices = 10_000;

  private CpuTimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    long roundCpuNanos = (args.length > 1 ? Long.parseLong(args[1]) : 500) * 1_000_000L;
    for (String arg : args) {
      if (arg.startsWith("devices=")) {
        devices = Integer.parseInt(arg.substring("devices=".length()));
      }
    }
    if (args.length > 2 && args[2].equals("stages")) {
      stages(rounds, roundCpuNanos);
      return;
    }
    for (String format : List.of("FLAT_JSON", "SENML_JSON", "SENML_CBOR")) {
      IngestBenchmark state = new IngestBenchmark();
      state.format = format;
      state.devices = devices;
      state.setUp();
      List<Callable<Object>> sides = List.of(state::bareParse, state::translateAndValidate);
      // Warm-up: about 10 s of CPU per side (at 500 ms rounds), so the JIT has compiled both.
      double[][] rates = interleavedRates(sides, 20, rounds, roundCpuNanos);
      double bare = median(rates[0]);
      double translate = median(rates[1]);
      System.out.printf(
          Locale.ROOT,
          "%-10s bare parse %,10.0f msg/CPU-s | translate+validate %,9.0f msg/CPU-s | ratio 1/%.1f"
              + " | translate rounds %s%n",
          format,
          bare,
          translate,
          bare / translate,
          summary(rates[1]));
    }
  }

  /** Where a translation's CPU goes: its stages, each measured like the whole. */
  private static void stages(int rounds, long roundCpuNanos) throws Exception {
    for (String format : List.of("FLAT_JSON", "SENML_JSON", "SENML_CBOR")) {
      IngestBenchmark whole = new IngestBenchmark();
      whole.format = format;
      whole.setUp();
      StagesBenchmark stages = new StagesBenchmark();
      stages.format = format;
      stages.setUp();
      List<String> names = List.of("bareParse", "decode", "validateMessage", "translate");
      List<Callable<Object>> sides =
          List.of(
              whole::bareParse,
              stages::decode,
              stages::validateMessage,
              whole::translateAndValidate);
      double[][] rates = interleavedRates(sides, 10, rounds, roundCpuNanos);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", format));
      for (int s = 0; s < sides.size(); s++) {
        line.append(
            String.format(Locale.ROOT, " | %s %,.2f us", names.get(s), 1e6 / median(rates[s])));
      }
      System.out.println(line);
    }
  }

  /**
   * Each side's ops per CPU-second in each measured round ({@code rates[side][round]}), the sides
   * taking turns round by round so that all see the same load; {@code warmUps} rounds each first.
   */
  private static double[][] interleavedRates(
      List<Callable<Object>> sides, int warmUps, int rounds, long roundCpuNanos) throws Exception {
    for (int i = 0; i < warmUps; i++) {
      for (Callable<Object> side : sides) {
        opsPerCpuSecond(side, roundCpuNanos);
      }
    }
    double[][] rates = new double[sides.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int s = 0; s < sides.size(); s++) {
        rates[s][r] = opsPerCpuSecond(sides.get(s), roundCpuNanos);
      }
    }
    return rates;
  }

  /** Runs the side until it has used {@code cpuNanos} of this thread's CPU time. */
  private static double opsPerCpuSecond(Callable<Object> side, long cpuNanos) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long used;
    long ops = 0;
    int hash = 0;
    do {
      for (int i = 0; i < 256; i++) {
        hash += System.identityHashCode(side.call());
      }
      ops += 256;
      used = THREADS.getCurrentThreadCpuTime() - start;
    } while (used < cpuNanos);
    sink = hash;
    return ops * 1e9 / used;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String summary(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    List<String> parts = new ArrayList<>();
    parts.add(String.format(Locale.ROOT, "min %,.0f", sorted[0]));
    parts.add(String.format(Locale.ROOT, "max %,.0f", sorted[sorted.length - 1]));
    return String.join(", ", parts);
  }
}
