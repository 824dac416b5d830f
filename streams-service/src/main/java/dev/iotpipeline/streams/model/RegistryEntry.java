package dev.iotpipeline.streams.model;

import dev.iotpipeline.contracts.Device;
import dev.iotpipeline.streams.windows.Regions;

/**
 * What the registry says of a device, as the topology uses it: its entry, or null when it is not
 * registered, and the region its readings are counted under ({@link Regions#of}), derived once per
 * entry rather than once per reading.
 */
public record RegistryEntry(Device device, String region) {

  /** A device the registry does not know. */
  public static final RegistryEntry UNREGISTERED = new RegistryEntry(null, Regions.UNKNOWN);

  /** The entry of a registry value, or {@link #UNREGISTERED} for none. */
  public static RegistryEntry of(Device device) {
    return device == null ? UNREGISTERED : new RegistryEntry(device, Regions.of(device));
  }
}
