package dev.iotpipeline.contracts;

/** The JSON Schemas of {@code src/schemas}, packaged on the classpath under {@code schemas/}. */
public enum ContractSchema {
  CANONICAL_READING("canonical-reading.schema.json"),
  DEAD_LETTER("dead-letter.schema.json"),
  DEVICE_PRESENCE("device-presence.schema.json"),
  AGGREGATE("aggregate.schema.json"),
  LATE_READING("late-reading.schema.json"),
  ALERT("alert.schema.json"),
  DEVICE("device.schema.json");

  /**
   * The {@code $id} prefix of every schema; mapped to the classpath so no lookup leaves the JVM.
   */
  public static final String ID_PREFIX = "https://iot-pipeline.dev/schemas/";

  private final String fileName;

  ContractSchema(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  public String id() {
    return ID_PREFIX + fileName;
  }
}
