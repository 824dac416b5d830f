package dev.iotpipeline.ingest.decode;

import java.util.List;

/**
 * What a decoder found in one payload.
 *
 * @param measurements numeric values, one per metric and time
 * @param flags {@code connected} flags
 * @param ignored how many values the pipeline does not carry (SenML vs/vd, booleans other than
 *     {@code connected}); reported in the NO_READINGS detail when nothing else was found
 */
public record Decoded(List<Measurement> measurements, List<PresenceFlag> flags, int ignored) {

  public boolean isEmpty() {
    return measurements.isEmpty() && flags.isEmpty();
  }
}
