package dev.iotpipeline.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.iotpipeline.contracts.Device;

class RegionsTest {

  @Test
  void regionIsTheAddressesLastCommaSeparatedPartTrimmed() {
    assertThat(Regions.of(device("1 Grid Street, Springfield"))).isEqualTo("Springfield");
    assertThat(Regions.of(device("Flat 2, 1 Grid Street, North Haverbrook  ")))
        .isEqualTo("North Haverbrook");
  }

  @Test
  void addressWithoutCommaIsItsOwnRegion() {
    assertThat(Regions.of(device("Springfield"))).isEqualTo("Springfield");
  }

  @Test
  void noEntryNoAddressOrNothingAfterTheLastCommaIsUnknown() {
    assertThat(Regions.of(null)).isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.of(device(null))).isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.of(device("1 Grid Street, "))).isEqualTo(Regions.UNKNOWN);
    assertThat(Regions.of(device("   "))).isEqualTo(Regions.UNKNOWN);
  }

  private static Device device(String address) {
    return new Device("m-1", "smart-meter", null, address, null, null, null, null);
  }
}
