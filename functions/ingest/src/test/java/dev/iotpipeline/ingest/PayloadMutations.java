package dev.iotpipeline.ingest;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Small random damage to payload bytes, for the property tests of decoders and translation. */
public final class PayloadMutations {

  private static final byte[][] TRAILING_GARBAGE = {{' '}, {'{', '}'}, {0}};

  private PayloadMutations() {}

  /** One mutation: a bit flip, truncation, insertion, deletion or duplication of a few bytes. */
  public static byte[] mutateOnce(byte[] bytes, SplittableRandom random) {
    return mutate(bytes, random, false);
  }

  /** As {@link #mutateOnce}, or trailing garbage after a complete document. */
  public static byte[] mutateOnceOrAppendGarbage(byte[] bytes, SplittableRandom random) {
    return mutate(bytes, random, true);
  }

  private static byte[] mutate(byte[] bytes, SplittableRandom random, boolean garbage) {
    if (bytes.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(bytes.length);
    int kind = random.nextInt(garbage ? 6 : 5);
    if (garbage && kind == 4) {
      byte[] tail = TRAILING_GARBAGE[random.nextInt(TRAILING_GARBAGE.length)];
      byte[] longer = Arrays.copyOf(bytes, bytes.length + tail.length);
      System.arraycopy(tail, 0, longer, bytes.length, tail.length);
      return longer;
    }
    switch (kind) {
      case 0 -> {
        byte[] flipped = bytes.clone();
        flipped[at] ^= (byte) (1 << random.nextInt(8));
        return flipped;
      }
      case 1 -> {
        return Arrays.copyOf(bytes, at);
      }
      case 2 -> {
        int extra = 1 + random.nextInt(4);
        byte[] inserted = new byte[bytes.length + extra];
        System.arraycopy(bytes, 0, inserted, 0, at);
        for (int k = at; k < at + extra; k++) {
          inserted[k] = (byte) random.nextInt(256);
        }
        System.arraycopy(bytes, at, inserted, at + extra, bytes.length - at);
        return inserted;
      }
      case 3 -> {
        byte[] deleted = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, deleted, 0, at);
        System.arraycopy(bytes, at + 1, deleted, at, bytes.length - at - 1);
        return deleted;
      }
      default -> {
        int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
        byte[] duplicated = new byte[bytes.length + length];
        System.arraycopy(bytes, 0, duplicated, 0, at + length);
        System.arraycopy(bytes, at, duplicated, at + length, bytes.length - at);
        return duplicated;
      }
    }
  }
}
