package dev.iotpipeline.streams.metrics;

import io.micrometer.cloudwatch2.CloudWatchNamingConvention;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;

/**
 * CloudWatch metric names equal to the meter names for counters. Micrometer's CloudWatch registry
 * names a counter's datum {@code <name>.count} (as it names a timer's {@code .sum}, {@code .count},
 * {@code .avg}, {@code .max}); the alarms in {@code infra/} query {@code pipeline.readings.late},
 * {@code pipeline.dlq.records} and {@code pipeline.alerts.raised} by the names the code registers,
 * so this strips that one suffix from counters (and function counters) only. Timers and summaries
 * keep their suffixes: they publish several statistics and need them apart. Dimension keys and
 * values are truncated to CloudWatch's limits as before.
 */
final class CounterNamesAsMeterNames implements NamingConvention {

  private static final String COUNT_SUFFIX = ".count";

  private final NamingConvention delegate = new CloudWatchNamingConvention();

  @Override
  public String name(String name, Meter.Type type, String baseUnit) {
    String plain =
        type == Meter.Type.COUNTER && name.endsWith(COUNT_SUFFIX)
            ? name.substring(0, name.length() - COUNT_SUFFIX.length())
            : name;
    return delegate.name(plain, type, baseUnit);
  }

  @Override
  public String tagKey(String key) {
    return delegate.tagKey(key);
  }

  @Override
  public String tagValue(String value) {
    return delegate.tagValue(value);
  }
}
