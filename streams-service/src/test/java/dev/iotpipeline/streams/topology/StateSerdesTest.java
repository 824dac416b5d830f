package dev.iotpipeline.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Severity;
import dev.iotpipeline.streams.model.AggregateState;
import dev.iotpipeline.streams.model.BaselineSummary;
import dev.iotpipeline.streams.model.DeviceSessions;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.EpisodeState;
import dev.iotpipeline.streams.model.OpenSession;
import dev.iotpipeline.streams.model.Pane;
import dev.iotpipeline.streams.model.SensorState;

class StateSerdesTest {

  @Test
  void shouldRoundTripEveryStateType() {
    assertRoundTrip(
        StateSerdes.AGGREGATE_STATE,
        new AggregateState("m-1", "smart-meter", "power_w", 300_000, 600_000, 7, 12.5, -3.25, 9e9));
    assertRoundTrip(
        StateSerdes.AGGREGATE_STATE,
        new AggregateState("zähler-ü", null, "t", Long.MIN_VALUE, -1, 0, 0, Double.NaN, -0.0));
    assertRoundTrip(
        StateSerdes.DEVICE_STATE, new DeviceState("smart-meter", null, 0, 1_764_000_000_000L, 5));
    assertRoundTrip(StateSerdes.DEVICE_STATE, new DeviceState(null, true, 1, 2, 3));
    assertRoundTrip(StateSerdes.DEVICE_STATE, new DeviceState("x", false, -1, -2, -3));
    assertRoundTrip(StateSerdes.PANE, new Pane(3, 2400.5, 1_920_600.25));
    assertRoundTrip(StateSerdes.PANE, new Pane(Long.MAX_VALUE, -1, 0));
    assertRoundTrip(StateSerdes.PANE, new Pane(-2, 0, 0));
    DeviceState device = new DeviceState("smart-meter", true, 1, 2, 3);
    assertRoundTrip(StateSerdes.SENSOR_STATE, SensorState.of(device));
    assertRoundTrip(
        StateSerdes.SENSOR_STATE,
        new SensorState(
            device,
            Map.of(
                "power_w",
                new BaselineSummary(
                    new Pane(240, 1e6, 1e12),
                    117_600_000,
                    1_764_000_000_000L,
                    List.of(new Pane(1, 2, 4), Pane.EMPTY, Pane.EMPTY, new Pane(2, 6, 18))),
                "voltage_v",
                new BaselineSummary(
                    new Pane(240, 1e6, 1e12), 117_600_000, 1_764_000_000_000L, null))));
    AggregateState window =
        new AggregateState("m-1", "smart-meter", "power_w", 300_000, 600_000, 7, 12.5, -3.25, 9e9);
    DeviceSessions sessions =
        new DeviceSessions(5, List.of(new OpenSession(1, 2, 3, "smart-meter")));
    assertRoundTrip(
        StateSerdes.SENSOR_STATE,
        new SensorState(device, Map.of(), List.of(window, window.add(1)), sessions));
    assertRoundTrip(StateSerdes.SENSOR_STATE, new SensorState(null, Map.of(), List.of(), sessions));
    assertRoundTrip(
        StateSerdes.SENSOR_STATE, new SensorState(device, Map.of(), List.of(window), null));
    assertRoundTrip(
        StateSerdes.EPISODE_STATE, new EpisodeState("m-1:THRESHOLD:power_w:17", 17, null, null));
    assertRoundTrip(
        StateSerdes.EPISODE_STATE,
        new EpisodeState("m-1:SILENCE:device:5", 5, Severity.CRITICAL, 1_764_000_060_000L));
    assertRoundTrip(
        StateSerdes.DEVICE_SESSIONS,
        new DeviceSessions(
            1_764_001_805_000L,
            List.of(
                new OpenSession(1_764_000_000_000L, 1_764_000_000_000L, 1, null),
                new OpenSession(1_764_001_800_001L, 1_764_001_900_000L, 12, "smart-meter"))));
  }

  @Test
  void shouldBeSmallerThanTheJsonOfThePane() {
    Pane pane = new Pane(2, 1600.0, 1_280_000.0);
    byte[] binary = StateSerdes.PANE.serializer().serialize("t", pane);
    byte[] json = JsonSerde.of(Pane.class).serializer().serialize("t", pane);
    assertThat(binary).hasSize(1 + 1 + 8 + 8);
    assertThat(binary.length).isLessThan(json.length / 2);
  }

  @Test
  void deviceStateValuesOfTheEarlierLayoutReadAsSensorStatesWithoutBaselines() {
    DeviceState state = new DeviceState("smart-meter", false, 10, 20, 30);
    byte[] binary = StateSerdes.DEVICE_STATE.serializer().serialize("t", state);
    byte[] json = JsonSerde.of(DeviceState.class).serializer().serialize("t", state);

    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", binary))
        .isEqualTo(SensorState.of(state));
    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", json))
        .isEqualTo(SensorState.of(state));
  }

  @Test
  void sensorStatesOfTheLayoutBeforeWindowsAndSessionsReadWithNone() {
    DeviceState device = new DeviceState("smart-meter", null, 0, 1, 2);
    BaselineSummary hour = new BaselineSummary(new Pane(1, 2, 4), 7, 8, null);
    byte[] current =
        StateSerdes.SENSOR_STATE
            .serializer()
            .serialize("t", new SensorState(device, Map.of("power_w", hour)));
    // The 0316 layout: the same bytes up to the baselines, without the two bytes after them (no
    // windows, no sessions).
    byte[] before = Arrays.copyOf(current, current.length - 2);
    assertThat(current[current.length - 2]).isZero();
    assertThat(current[current.length - 1]).isZero();

    assertThat(StateSerdes.SENSOR_STATE.deserializer().deserialize("t", before))
        .isEqualTo(new SensorState(device, Map.of("power_w", hour)));
  }

  @Test
  void shouldReadValuesWrittenAsJsonBeforeTheBinaryFormat() {
    DeviceState state = new DeviceState("smart-meter", false, 10, 20, 30);
    byte[] json = JsonSerde.of(DeviceState.class).serializer().serialize("t", state);
    assertThat(StateSerdes.DEVICE_STATE.deserializer().deserialize("t", json)).isEqualTo(state);
    EpisodeState episode = new EpisodeState("a:THRESHOLD:x:1", 1, Severity.WARNING, 4L);
    byte[] episodeJson = JsonSerde.of(EpisodeState.class).serializer().serialize("t", episode);
    assertThat(StateSerdes.EPISODE_STATE.deserializer().deserialize("t", episodeJson))
        .isEqualTo(episode);
  }

  @Test
  void shouldRejectUnknownFormatsAndTruncatedValues() {
    byte[] good =
        StateSerdes.AGGREGATE_STATE
            .serializer()
            .serialize("t", new AggregateState("m-1", "s", "p", 0, 1, 1, 1, 1, 1));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> StateSerdes.AGGREGATE_STATE.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("AggregateState");
    byte[] other = "xyz".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StateSerdes.PANE.deserializer().deserialize("t", other))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Pane");
  }

  @Test
  void shouldKeepNullAsNull() {
    assertThat(StateSerdes.PANE.serializer().serialize("t", null)).isNull();
    assertThat(StateSerdes.PANE.deserializer().deserialize("t", null)).isNull();
  }

  private static <T> void assertRoundTrip(Serde<T> serde, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    assertThat(bytes[0]).isEqualTo(StateSerdes.FORMAT);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
  }
}
