package dev.iotpipeline.streams.topology;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.streams.model.AggregateState;
import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.DeviceSessions;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.EpisodeState;
import dev.iotpipeline.streams.model.OpenSession;
import dev.iotpipeline.streams.model.Pane;
import dev.iotpipeline.streams.model.SensorState;

/**
 * Compact binary values for the internal state stores and their changelogs (never for the public
 * topics, which carry the contract's JSON). Every store is read and written several times per
 * reading; JSON made the stores' (de)serialization the largest cost of the topology and their
 * values 2-3 times larger (decision 0310).
 *
 * <p>Layout: one format byte ({@link #FORMAT}), then the fields in declaration order: longs and
 * doubles as 8 bytes big-endian, counts as unsigned varints, strings as a varint length + 1 (0 for
 * null) followed by UTF-8, nullable booleans/enums as one byte. A value that starts with {@code
 * '{'} is the JSON of the earlier layout and is still read, so a changelog written before this
 * format restores.
 */
public final class StateSerdes {

  /** The first byte of every value in this format (JSON values start with '{'). */
  static final byte FORMAT = 1;

  /** The connection byte of a {@link SensorState} without a device (nullableBoolean uses 0-2). */
  private static final int NO_DEVICE = 3;

  private StateSerdes() {}

  /** An open aggregate window. */
  public static final Serde<AggregateState> AGGREGATE_STATE =
      new BinarySerde<>(
          AggregateState.class, StateSerdes::writeAggregate, StateSerdes::readAggregate);

  /**
   * A device's connection and activity: the layout of device-state before {@link #SENSOR_STATE}.
   */
  static final Serde<DeviceState> DEVICE_STATE =
      new BinarySerde<>(DeviceState.class, StateSerdes::writeDevice, StateSerdes::readDevice);

  /**
   * Everything kept per device (decisions 0316, 0320, 0323): the device's fields as {@link
   * #DEVICE_STATE} writes them (a connection byte of 3 for no device: only late readings seen),
   * then 0 (where the layouts before 0323 had their baselines), then the number of open aggregates
   * and each as {@link #AGGREGATE_STATE} writes it, then 0 or 1 and the open sessions as {@link
   * #DEVICE_SESSIONS} writes them, then the number of baselines and each as metric + the {@link
   * BaselineSummary}'s fields (its recent panes and tail as counted runs), then the baselines whose
   * blocks are still under the pane store's earlier keys (0327). A value of an earlier layout reads
   * with none of what it lacks; the baselines of the layouts before 0323 are read past (their panes
   * are in a store this layout does not read: the metric's hour starts again), those of 0323-0326
   * read with their blocks under the earlier keys; so the store's changelog restores across
   * upgrades.
   */
  public static final Serde<SensorState> SENSOR_STATE =
      new BinarySerde<>(
          SensorState.class,
          (v, out) -> {
            writeDevice(v.device(), out);
            out.varint(0); // the baselines of the earlier layouts: none
            out.varint(v.windows().size());
            v.windows().forEach(window -> writeAggregate(window, out));
            out.int8(v.sessions() == null ? 0 : 1);
            if (v.sessions() != null) {
              writeSessions(v.sessions(), out);
            }
            out.varint(v.baselines().size());
            v.baselines()
                .forEach(
                    (metric, summary) -> {
                      out.string(metric);
                      writeSummary(summary, out);
                    });
            writeEarlierKeys(v.baselines(), out);
          },
          in -> {
            DeviceState device = readDevice(in);
            if (!in.hasMore()) {
              return SensorState.of(device);
            }
            long earlier = in.varint();
            for (long i = 0; i < earlier; i++) {
              in.string();
              skipEarlierSummary(in);
            }
            if (!in.hasMore()) {
              return SensorState.of(device);
            }
            AggregateState[] windows = new AggregateState[Math.toIntExact(in.varint())];
            for (int i = 0; i < windows.length; i++) {
              windows[i] = readAggregate(in);
            }
            DeviceSessions sessions = in.int8() == 0 ? null : readSessions(in);
            Map<String, BaselineSummary> baselines = new HashMap<>();
            if (in.hasMore()) {
              int n = Math.toIntExact(in.varint());
              for (int i = 0; i < n; i++) {
                baselines.put(in.string(), readSummary(in));
              }
            }
            readEarlierKeys(baselines, in);
            return new SensorState(device, baselines, List.of(windows), sessions);
          },
          (topic, json) -> SensorState.of(DEVICE_STATE.deserializer().deserialize(topic, json)));

  /** One minute's 15-second panes: a block of the baseline's pane store (decision 0323). */
  @SuppressWarnings("unchecked")
  public static final Serde<List<Pane>> PANE_BLOCK =
      new BinarySerde<>(
          (Class<List<Pane>>) (Class<?>) List.class,
          StateSerdes::writePanes,
          StateSerdes::readPanes,
          (topic, json) -> {
            throw new SerializationException("a pane block was never written as JSON");
          });

  /** An open alert episode. */
  public static final Serde<EpisodeState> EPISODE_STATE =
      new BinarySerde<>(
          EpisodeState.class,
          (v, out) -> {
            out.string(v.alertId());
            out.int64(v.startedAt());
            out.int8(v.severity() == null ? -1 : v.severity().ordinal());
            out.int8(v.clearingSince() == null ? 0 : 1);
            if (v.clearingSince() != null) {
              out.int64(v.clearingSince());
            }
          },
          in -> {
            String alertId = in.string();
            long startedAt = in.int64();
            int severity = in.int8();
            Long clearingSince = in.int8() == 0 ? null : in.int64();
            return new EpisodeState(
                alertId,
                startedAt,
                severity < 0 ? null : Severity.values()[severity],
                clearingSince);
          });

  /** A device's open activity sessions (decision 0314). */
  public static final Serde<DeviceSessions> DEVICE_SESSIONS =
      new BinarySerde<>(
          DeviceSessions.class, StateSerdes::writeSessions, StateSerdes::readSessions);

  private static void writeAggregate(AggregateState v, Out out) {
    out.string(v.sensorId());
    out.string(v.deviceType());
    out.string(v.metric());
    out.int64(v.windowStart());
    out.int64(v.windowEnd());
    out.varint(v.count());
    out.float64(v.sum());
    out.float64(v.min());
    out.float64(v.max());
  }

  private static AggregateState readAggregate(In in) {
    return new AggregateState(
        in.string(),
        in.string(),
        in.string(),
        in.int64(),
        in.int64(),
        in.varint(),
        in.float64(),
        in.float64(),
        in.float64());
  }

  private static void writeSessions(DeviceSessions v, Out out) {
    out.int64(v.filedAt());
    out.varint(v.open().size());
    for (OpenSession s : v.open()) {
      out.int64(s.start());
      out.int64(s.end());
      out.varint(s.count());
      out.string(s.deviceType());
    }
  }

  private static DeviceSessions readSessions(In in) {
    long filedAt = in.int64();
    OpenSession[] open = new OpenSession[Math.toIntExact(in.varint())];
    for (int i = 0; i < open.length; i++) {
      open[i] = new OpenSession(in.int64(), in.int64(), in.varint(), in.string());
    }
    return new DeviceSessions(filedAt, List.of(open));
  }

  /** A device's fields; no device (a {@link SensorState}'s) as {@link #NO_DEVICE}. */
  private static void writeDevice(DeviceState v, Out out) {
    if (v == null) {
      out.string(null);
      out.int8(NO_DEVICE);
      return;
    }
    out.string(v.deviceType());
    out.nullableBoolean(v.connected());
    out.int64(v.connectedAt());
    out.int64(v.lastActivityWall());
    out.int64(v.lastEventTime());
  }

  /** A device's fields, or null after the {@link #NO_DEVICE} byte. */
  private static DeviceState readDevice(In in) {
    String deviceType = in.string();
    int connected = in.int8();
    if (connected == NO_DEVICE) {
      return null;
    }
    return new DeviceState(
        deviceType, connected == 2 ? null : connected == 1, in.int64(), in.int64(), in.int64());
  }

  private static void writeSummary(BaselineSummary v, Out out) {
    writePane(v.hour(), out);
    out.int64(v.newestPane());
    out.int64(v.historyStart());
    writePanes(v.recent(), out);
    writePanes(v.tail(), out);
  }

  private static BaselineSummary readSummary(In in) {
    return new BaselineSummary(readPane(in), in.int64(), in.int64(), readPanes(in), readPanes(in));
  }

  /**
   * The baselines with blocks still under the pane store's earlier keys (decision 0327): their
   * number, then each as metric + {@link BaselineSummary#earlierKeysBefore}; 0, one byte, for
   * nearly every entry.
   */
  private static void writeEarlierKeys(Map<String, BaselineSummary> baselines, Out out) {
    int n = 0;
    for (BaselineSummary summary : baselines.values()) {
      n += summary.earlierKeysBefore() == BaselineSummary.NO_EARLIER_KEYS ? 0 : 1;
    }
    out.varint(n);
    baselines.forEach(
        (metric, summary) -> {
          if (summary.earlierKeysBefore() != BaselineSummary.NO_EARLIER_KEYS) {
            out.string(metric);
            out.int64(summary.earlierKeysBefore());
          }
        });
  }

  /**
   * Marks the baselines whose blocks are under the earlier keys. A value without the section was
   * written before 0327: every block of its hours was stored (or will be, from the newest minute)
   * under the earlier keys, up to its newest pane.
   */
  private static void readEarlierKeys(Map<String, BaselineSummary> baselines, In in) {
    if (!in.hasMore()) {
      baselines.replaceAll(
          (metric, summary) -> earlierKeysBefore(summary, summary.newestPane() + 1));
      return;
    }
    long n = in.varint();
    for (long i = 0; i < n; i++) {
      String metric = in.string();
      long before = in.int64();
      baselines.computeIfPresent(metric, (m, summary) -> earlierKeysBefore(summary, before));
    }
  }

  private static BaselineSummary earlierKeysBefore(BaselineSummary s, long pane) {
    return new BaselineSummary(
        s.hour(), s.newestPane(), s.historyStart(), s.recent(), s.tail(), pane);
  }

  /**
   * Reads past a baseline of the layouts before decision 0323 (its newest minute, if any, in the
   * summary, every other pane in a store of single panes): such an hour is not carried over, the
   * metric's baseline starts again.
   */
  private static void skipEarlierSummary(In in) {
    readPane(in);
    in.int64();
    in.int64();
    long kept = in.varint(); // 0: none, else the count + 1
    for (long i = 1; i < kept; i++) {
      readPane(in);
    }
  }

  /** A run of panes: the count, then each pane, an empty one as its count 0 alone. */
  private static void writePanes(List<Pane> panes, Out out) {
    out.varint(panes.size());
    for (Pane p : panes) {
      if (p.count() == 0) {
        out.varint(0);
      } else {
        writePane(p, out);
      }
    }
  }

  private static List<Pane> readPanes(In in) {
    Pane[] panes = new Pane[Math.toIntExact(in.varint())];
    for (int i = 0; i < panes.length; i++) {
      long count = in.varint();
      panes[i] = count == 0 ? Pane.EMPTY : new Pane(count, in.float64(), in.float64());
    }
    return List.of(panes);
  }

  private static void writePane(Pane p, Out out) {
    out.varint(p.count());
    out.float64(p.sum());
    out.float64(p.sumSquares());
  }

  private static Pane readPane(In in) {
    return new Pane(in.varint(), in.float64(), in.float64());
  }

  /** Writes one value's fields. */
  @FunctionalInterface
  interface Writer<T> {
    void write(T value, Out out);
  }

  /** Reads one value's fields. */
  @FunctionalInterface
  interface Reader<T> {
    T read(In in);
  }

  /** The binary serde of one state type, reading the earlier JSON layout as well. */
  static final class BinarySerde<T> implements Serde<T> {
    private final Class<T> type;
    private final Writer<T> writer;
    private final Reader<T> reader;
    private final Deserializer<T> json;

    BinarySerde(Class<T> type, Writer<T> writer, Reader<T> reader) {
      this(type, writer, reader, JsonSerde.of(type).deserializer());
    }

    /** With the reader of an earlier JSON layout of another type. */
    BinarySerde(Class<T> type, Writer<T> writer, Reader<T> reader, Deserializer<T> json) {
      this.type = type;
      this.writer = writer;
      this.reader = reader;
      this.json = json;
    }

    @Override
    public Serializer<T> serializer() {
      return (topic, value) -> {
        if (value == null) {
          return null;
        }
        Out out = new Out();
        out.int8(FORMAT);
        writer.write(value, out);
        return out.toByteArray();
      };
    }

    @Override
    public Deserializer<T> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        if (bytes.length > 0 && bytes[0] == '{') {
          return json.deserialize(topic, bytes);
        }
        if (bytes.length == 0 || bytes[0] != FORMAT) {
          throw new SerializationException(
              "Not a " + type.getSimpleName() + " in state format " + FORMAT + " on " + topic);
        }
        try {
          In in = new In(ByteBuffer.wrap(bytes, 1, bytes.length - 1));
          return reader.read(in);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
          throw new SerializationException(
              "Truncated " + type.getSimpleName() + " on " + topic + ": " + e, e);
        }
      };
    }
  }

  /** A growing byte buffer (one per serialized value: serdes are shared by stream threads). */
  static final class Out {
    private byte[] buf = new byte[48];
    private int pos;

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void int8(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
    }

    void int64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[pos++] = (byte) (v >>> shift);
      }
    }

    void float64(double v) {
      int64(Double.doubleToRawLongBits(v));
    }

    /** Unsigned LEB128; negative values take 10 bytes but stay exact. */
    void varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void string(String s) {
      if (s == null) {
        varint(0);
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length + 1L);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, pos, utf8.length);
      pos += utf8.length;
    }

    void nullableBoolean(Boolean b) {
      int8(b == null ? 2 : b ? 1 : 0);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** Reads what {@link Out} wrote. */
  static final class In {
    private final ByteBuffer buf;

    In(ByteBuffer buf) {
      this.buf = buf;
    }

    /** Whether fields follow (a value of an earlier, shorter layout has none). */
    boolean hasMore() {
      return buf.hasRemaining();
    }

    int int8() {
      return buf.get();
    }

    long int64() {
      return buf.getLong();
    }

    double float64() {
      return Double.longBitsToDouble(buf.getLong());
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buf.get();
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    String string() {
      long n = varint();
      if (n == 0) {
        return null;
      }
      int length = Math.toIntExact(n - 1);
      if (length > buf.remaining()) {
        throw new IllegalArgumentException("string of " + length + " bytes past the end");
      }
      String s =
          new String(
              buf.array(), buf.arrayOffset() + buf.position(), length, StandardCharsets.UTF_8);
      buf.position(buf.position() + length);
      return s;
    }
  }
}
