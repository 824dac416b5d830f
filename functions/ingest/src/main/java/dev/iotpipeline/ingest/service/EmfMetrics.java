package dev.iotpipeline.ingest.service;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

/**
 * Writes what the meters counted since the last flush as CloudWatch Embedded Metric Format (EMF)
 * log lines, one JSON document per line, for CloudWatch Logs to turn into metrics. A Lambda
 * container is frozen between invocations, so a registry that pushes on a schedule would lose its
 * data; this is flushed at the end of every invocation instead and costs no API call.
 *
 * <ul>
 *   <li>Counters (and function counters): the increase since the last flush, unit {@code Count}.
 *   <li>Timers (and function timers): the recordings since the last flush, unit {@code
 *       Milliseconds}, as a value array that repeats their mean once per recording (at most 100
 *       values per document, more documents when there were more recordings). CloudWatch then
 *       stores SampleCount = recordings, Sum = their total time, Average = their mean, which is
 *       what Metrics Insights' {@code COUNT}, {@code SUM} and {@code AVG} read; the individual
 *       values of several recordings in one invocation are not kept by Micrometer (one message per
 *       invocation has one recording, so nothing is lost there).
 *   <li>Other meters (gauges, summaries, long task timers) are not written.
 * </ul>
 *
 * Meters are grouped by their tag set: one document per tag set, whose dimension keys are the tag
 * keys (an empty dimension set for untagged meters) and whose metric names are the Micrometer meter
 * names unchanged (e.g. {@code ingest.messages.received}), as infra's Metrics Insights queries name
 * them. A meter that did not change is left out; a flush with nothing changed writes nothing. Not
 * thread-safe across registries, but {@link #flush} is synchronized.
 */
public final class EmfMetrics {

  /** EMF allows at most 100 metrics per directive and 100 values per metric. */
  static final int MAX_PER_DOCUMENT = 100;

  private static final JsonFactory JSON = new JsonFactory();

  private final MeterRegistry registry;
  private final String namespace;
  private final Predicate<Meter.Id> include;
  private final LongSupplier clock;
  private final Consumer<String> out;
  private final Map<Meter.Id, double[]> last = new HashMap<>();

  /**
   * An EMF writer; the meters' current values are the baseline, so the first flush writes only what
   * happened after construction.
   *
   * @param registry the meters
   * @param namespace the CloudWatch namespace, e.g. {@code IotPipeline}
   * @param include which meters to write (by id)
   * @param clock epoch milliseconds for {@code _aws.Timestamp}
   * @param out receives one document (one line of JSON) at a time
   */
  public EmfMetrics(
      MeterRegistry registry,
      String namespace,
      Predicate<Meter.Id> include,
      LongSupplier clock,
      Consumer<String> out) {
    this.registry = Objects.requireNonNull(registry);
    this.namespace = Objects.requireNonNull(namespace);
    this.include = Objects.requireNonNull(include);
    this.clock = Objects.requireNonNull(clock);
    this.out = Objects.requireNonNull(out);
    changes();
  }

  /**
   * An EMF writer for the meters whose names start with {@code prefix}, writing to standard output
   * (where Lambda's log capture reads it).
   */
  public static EmfMetrics toStandardOutput(
      MeterRegistry registry, String namespace, String prefix) {
    // System.out is looked up per line, not captured here, so a redirected stream is honoured.
    return new EmfMetrics(
        registry,
        namespace,
        id -> id.getName().startsWith(prefix),
        System::currentTimeMillis,
        line -> System.out.println(line));
  }

  /**
   * Writes the changes since the last flush.
   *
   * @return how many documents were written (0 when nothing changed)
   */
  public synchronized int flush() {
    List<String> documents = documents(changes(), clock.getAsLong());
    documents.forEach(out);
    return documents.size();
  }

  /** One metric of one document: name, unit and the values to write. */
  private record Change(String name, String unit, double[] values) {}

  /** Computes the changes by tag set and moves the baseline to the current values. */
  private Map<List<Tag>, List<Change>> changes() {
    // TreeMap by the tags' text: documents come out in a stable order.
    Map<List<Tag>, List<Change>> byTags =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      if (!include.test(id)) {
        continue;
      }
      Change change;
      if (meter instanceof Counter counter) {
        change = counterChange(id, counter.count());
      } else if (meter instanceof FunctionCounter counter) {
        change = counterChange(id, counter.count());
      } else if (meter instanceof Timer timer) {
        change = timerChange(id, timer.count(), timer.totalTime(TimeUnit.MILLISECONDS));
      } else if (meter instanceof FunctionTimer timer) {
        change = timerChange(id, timer.count(), timer.totalTime(TimeUnit.MILLISECONDS));
      } else {
        continue;
      }
      if (change != null) {
        byTags.computeIfAbsent(id.getTags(), tags -> new ArrayList<>()).add(change);
      }
    }
    return byTags;
  }

  private Change counterChange(Meter.Id id, double count) {
    double[] previous = last.put(id, new double[] {count});
    double delta = delta(previous == null ? 0 : previous[0], count);
    return delta > 0 ? new Change(id.getName(), "Count", new double[] {delta}) : null;
  }

  private Change timerChange(Meter.Id id, double count, double totalMillis) {
    double[] previous = last.put(id, new double[] {count, totalMillis});
    long recordings = Math.round(delta(previous == null ? 0 : previous[0], count));
    if (recordings <= 0) {
      return null;
    }
    double total = delta(previous == null ? 0 : previous[1], totalMillis);
    double[] values = new double[Math.toIntExact(recordings)];
    Arrays.fill(values, total / recordings);
    return new Change(id.getName(), "Milliseconds", values);
  }

  /** A cumulative value that went down belongs to a meter registered anew: all of it is new. */
  private static double delta(double previous, double current) {
    return current < previous ? current : current - previous;
  }

  private List<String> documents(Map<List<Tag>, List<Change>> byTags, long timestamp) {
    List<String> documents = new ArrayList<>();
    for (Map.Entry<List<Tag>, List<Change>> entry : byTags.entrySet()) {
      for (Map<String, Change> document : pack(entry.getValue())) {
        documents.add(document(entry.getKey(), document, timestamp));
      }
    }
    return documents;
  }

  /**
   * Splits the changes of one tag set into documents of at most 100 metrics with at most 100 values
   * each (a metric name appears once per document).
   */
  private static List<Map<String, Change>> pack(List<Change> changes) {
    List<Map<String, Change>> documents = new ArrayList<>();
    for (Change change : changes) {
      double[] values = change.values();
      for (int from = 0; from < values.length; from += MAX_PER_DOCUMENT) {
        Change part =
            new Change(
                change.name(),
                change.unit(),
                Arrays.copyOfRange(values, from, Math.min(values.length, from + MAX_PER_DOCUMENT)));
        Map<String, Change> target = null;
        for (Map<String, Change> document : documents) {
          if (document.size() < MAX_PER_DOCUMENT && !document.containsKey(part.name())) {
            target = document;
            break;
          }
        }
        if (target == null) {
          target = new LinkedHashMap<>();
          documents.add(target);
        }
        target.put(part.name(), part);
      }
    }
    return documents;
  }

  private String document(List<Tag> tags, Map<String, Change> metrics, long timestamp) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeObjectFieldStart("_aws");
      json.writeNumberField("Timestamp", timestamp);
      json.writeArrayFieldStart("CloudWatchMetrics");
      json.writeStartObject();
      json.writeStringField("Namespace", namespace);
      json.writeArrayFieldStart("Dimensions");
      json.writeStartArray();
      for (Tag tag : tags) {
        json.writeString(tag.getKey());
      }
      json.writeEndArray();
      json.writeEndArray();
      json.writeArrayFieldStart("Metrics");
      for (Change change : metrics.values()) {
        json.writeStartObject();
        json.writeStringField("Name", change.name());
        json.writeStringField("Unit", change.unit());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
      for (Tag tag : tags) {
        json.writeStringField(tag.getKey(), tag.getValue());
      }
      for (Change change : metrics.values()) {
        json.writeFieldName(change.name());
        double[] values = change.values();
        if (values.length == 1) {
          writeNumber(json, values[0]);
        } else {
          json.writeStartArray();
          for (double value : values) {
            writeNumber(json, value);
          }
          json.writeEndArray();
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does not fail; this would be a bug in the generator.
      throw new UncheckedIOException("Could not write an EMF document", e);
    }
    return text.toString();
  }

  /** Whole numbers (counts) without a fraction, so the lines stay short and readable. */
  private static void writeNumber(JsonGenerator json, double value) throws IOException {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      json.writeNumber((long) value);
    } else {
      json.writeNumber(value);
    }
  }
}
