package dev.iotpipeline.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.streams.model.DeviceState;
import dev.iotpipeline.streams.model.SensorState;

/**
 * Keeps each device's connection state from {@code iot-device-presence}. Changes can arrive twice
 * and out of order: the latest event time wins, so a replayed or delayed change is harmless.
 */
final class PresenceProcessor implements Processor<String, DevicePresence, Void, Void> {

  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, SensorState> devices;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.devices = context.getStateStore(TelemetryTopology.DEVICE_STATE_STORE);
  }

  @Override
  public void process(Record<String, DevicePresence> record) {
    DevicePresence presence = record.value();
    if (presence == null) {
      throw new IllegalArgumentException(
          "presence change without a value (key " + record.key() + ")");
    }
    String sensorId = record.key() != null ? record.key() : presence.sensorId();
    if (sensorId == null) {
      throw new IllegalArgumentException("presence change without a sensorId");
    }
    long wallNow = context.currentSystemTimeMs();
    SensorState sensor = devices.get(sensorId);
    DeviceState state =
        sensor == null || sensor.device() == null
            ? new DeviceState(null, null, 0, wallNow, 0)
            : sensor.device();
    DeviceState next = state.withPresence(presence.connected(), presence.eventTime(), wallNow);
    devices.put(sensorId, sensor == null ? SensorState.of(next) : sensor.withDevice(next));
  }
}
