package dev.iotpipeline.contracts;

/**
 * The alert types this version raises. The field is an open set on the wire ({@link Alert#type()}
 * is a string) so that consumers accept types added later.
 */
public final class AlertType {
  public static final String THRESHOLD = "THRESHOLD";
  public static final String ANOMALY = "ANOMALY";
  public static final String POWER_THEFT = "POWER_THEFT";
  public static final String SILENCE = "SILENCE";

  private AlertType() {}
}
