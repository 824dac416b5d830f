package dev.iotpipeline.streams.detection;

import dev.iotpipeline.streams.model.DeviceState;

/** SILENCE: a connected device that sent nothing for {@code silenceAfterMs} of wall-clock time. */
public final class SilenceRule {

  private SilenceRule() {}

  public static boolean isSilent(DeviceState device, long wallNow, long silenceAfterMs) {
    return device.consideredConnected() && wallNow - device.lastActivityWall() >= silenceAfterMs;
  }
}
