package dev.iotpipeline.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The hopping windows that hold a pane, against the definition: every {@code [h, h + size)} with
 * {@code h} a multiple of the advance that contains the whole pane.
 */
class HoppingWindowsTest {

  private static final long MINUTE = 60_000;

  @Test
  void theWindowsHoldingAPaneAreExactlyThoseThatContainItWhole() {
    long pane = 5 * MINUTE;
    for (long size = pane; size <= 30 * MINUTE; size += pane) {
      for (long advance = pane; advance <= size; advance += pane) {
        HoppingWindows hopping = new HoppingWindows(pane, size, advance);
        for (long paneStart = -60 * MINUTE; paneStart <= 60 * MINUTE; paneStart += pane) {
          List<Long> byDefinition = new ArrayList<>();
          for (long h = -200 * advance; h <= 200 * advance; h += advance) {
            if (h <= paneStart && paneStart + pane <= h + size) {
              byDefinition.add(h);
            }
          }
          List<Long> computed = new ArrayList<>();
          for (long h = hopping.firstStartHolding(paneStart);
              h <= hopping.lastStartHolding(paneStart);
              h += advance) {
            computed.add(h);
          }
          assertThat(computed)
              .as("size %d advance %d pane %d", size, advance, paneStart)
              .isEqualTo(byDefinition)
              .isNotEmpty();
        }
      }
    }
  }

  @Test
  void aWindowIsCompleteExactlyWhenThePaneEndingItHasClosed() {
    HoppingWindows hopping = new HoppingWindows(5 * MINUTE, 10 * MINUTE, 5 * MINUTE);

    long lastComplete = hopping.lastCompleteStart(20 * MINUTE); // pane [20m, 25m) closed

    assertThat(lastComplete + 10 * MINUTE).isEqualTo(25 * MINUTE);
  }

  @Test
  void sizesAndAdvancesThatAreNoMultipleOfThePaneAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new HoppingWindows(5 * MINUTE, 12 * MINUTE, 5 * MINUTE))
        .hasMessageContaining("pipeline.outputs.hopping-aggregates.size");
    assertThatThrownBy(() -> new HoppingWindows(5 * MINUTE, 10 * MINUTE, 2 * MINUTE))
        .hasMessageContaining("pipeline.outputs.hopping-aggregates.advance");
    assertThatThrownBy(() -> new HoppingWindows(5 * MINUTE, 10 * MINUTE, 15 * MINUTE))
        .hasMessageContaining("must not exceed");
  }
}
