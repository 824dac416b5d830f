package dev.iotpipeline.streams.windows;

import dev.iotpipeline.contracts.Device;

/**
 * The region a device's readings are counted under. The registry has no region field, so the region
 * is the last comma-separated part of the device's address (the locality in "1 Grid Street,
 * Springfield"), trimmed; a device without a registry entry or an address is in {@link #UNKNOWN}.
 */
public final class Regions {

  /** The region of devices the registry does not place. */
  public static final String UNKNOWN = "unknown";

  private Regions() {}

  /** The region of a registry entry, or {@link #UNKNOWN}; never blank. */
  public static String of(Device device) {
    if (device == null || device.address() == null) {
      return UNKNOWN;
    }
    String address = device.address();
    String region = address.substring(address.lastIndexOf(',') + 1).strip();
    return region.isEmpty() ? UNKNOWN : region;
  }
}
