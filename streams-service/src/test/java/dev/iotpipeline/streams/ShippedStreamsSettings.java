package dev.iotpipeline.streams;

import java.io.IOException;
import java.net.URL;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service's own Kafka Streams settings for tests and the benchmark that start Kafka Streams
 * themselves: the {@code kafka-streams.*} keys of application.properties as production resolves
 * them (environment and system properties override, {@code ${ENV:default}} expanded, no test
 * profile), without their {@code kafka-streams.} prefix, which is how Quarkus hands them to Kafka
 * Streams.
 */
public final class ShippedStreamsSettings {

  private static final String PREFIX = "kafka-streams.";

  private ShippedStreamsSettings() {}

  /** The shipped settings whose key (without the prefix) {@code keys} accepts. */
  public static Properties load(Predicate<String> keys) throws IOException {
    URL file = ShippedStreamsSettings.class.getResource("/application.properties");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .addSystemSources()
            .withSources(new PropertiesConfigSource(file, 250))
            .build();
    Properties props = new Properties();
    StreamSupport.stream(config.getPropertyNames().spliterator(), false)
        .filter(name -> name.startsWith(PREFIX) && keys.test(name.substring(PREFIX.length())))
        .forEach(
            name ->
                props.put(name.substring(PREFIX.length()), config.getValue(name, String.class)));
    return props;
  }
}
