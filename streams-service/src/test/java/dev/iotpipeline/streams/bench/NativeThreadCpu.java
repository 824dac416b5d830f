package dev.iotpipeline.streams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the threads no Java thread accounts for — the JIT compilers, RocksDB's flushes and
 * compactions, the garbage collector — by kind, read from Linux's {@code /proc/self/task}: the
 * {@link java.lang.management.ThreadMXBean} sees Java threads only. Elsewhere, and when {@code
 * /proc} cannot be read, there is nothing to split and the benchmark says nothing about it.
 */
final class NativeThreadCpu {

  /** Clock ticks per second of {@code /proc}'s times (USER_HZ, 100 on every Linux we run on). */
  private static final double TICKS_PER_SECOND = 100;

  private NativeThreadCpu() {}

  /** CPU time in ticks by kind (JIT, RocksDB, GC) of the process's native threads now. */
  static Map<String, Long> byKind() {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String kind = kindOf(name);
              if (kind != null) {
                // After the name: state, ppid, … ; utime and stime are the 12th and 13th fields.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(
                    kind, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
              }
            } catch (IOException | RuntimeException gone) {
              // the thread ended between the listing and the read: its time is no longer counted
            }
          });
    } catch (IOException | RuntimeException noProc) {
      return Map.of();
    }
    return ticks;
  }

  /**
   * ", of it x µs JIT, y µs RocksDB, z µs GC" since {@code start} per reading, or "" without {@code
   * /proc}. Threads that ended meanwhile (a compiler thread the JVM retired) are not counted.
   */
  static String perReading(Map<String, Long> start, double readings) {
    Map<String, Long> now = byKind();
    if (now.isEmpty() || readings <= 0) {
      return "";
    }
    StringBuilder split = new StringBuilder(", of it");
    String separator = " ";
    for (String kind : new String[] {"JIT", "RocksDB", "GC"}) {
      long ticks = now.getOrDefault(kind, 0L) - start.getOrDefault(kind, 0L);
      split.append(separator);
      split.append(String.format("%.1f µs %s", ticks / TICKS_PER_SECOND * 1e6 / readings, kind));
      separator = ", ";
    }
    return split.toString();
  }

  /** The kind of a thread by its (15-character) Linux name, or null for any other thread. */
  static String kindOf(String name) {
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "JIT";
    }
    if (name.startsWith("rocksdb:")) {
      return "RocksDB";
    }
    if (name.startsWith("GC Thread") || name.equals("VM Thread") || name.startsWith("G1 ")) {
      return "GC";
    }
    return null;
  }
}
