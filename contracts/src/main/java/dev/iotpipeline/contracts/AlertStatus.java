package dev.iotpipeline.contracts;

/** Lifecycle of one alert episode. */
public enum AlertStatus {
  TRIGGERED,
  RESOLVED
}
