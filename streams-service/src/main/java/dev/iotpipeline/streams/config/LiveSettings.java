package dev.iotpipeline.streams.config;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The detection settings in force. The topology's processors read them for every reading, so a
 * change applies to the next reading without a restart.
 */
@ApplicationScoped
public class LiveSettings {

  private final AtomicReference<DetectionSettings> current;

  @Inject
  public LiveSettings(PipelineConfig config) {
    this(DetectionSettings.from(config.detection()));
  }

  public LiveSettings(DetectionSettings initial) {
    String problem = initial.problem();
    if (problem != null) {
      throw new IllegalArgumentException("pipeline.detection: " + problem);
    }
    this.current = new AtomicReference<>(initial);
  }

  public DetectionSettings get() {
    return current.get();
  }

  /**
   * Replaces the settings.
   *
   * @throws IllegalArgumentException naming the invalid setting; nothing is changed then
   */
  public DetectionSettings set(DetectionSettings settings) {
    String problem = settings.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    current.set(settings);
    return settings;
  }
}
