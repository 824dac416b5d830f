package dev.iotpipeline.local.config;

/** A setting that stops start-up; its message names the setting and how to change it. */
public final class SettingException extends RuntimeException {

  public SettingException(String setting, String problem) {
    super("Setting -D" + setting + " " + problem);
  }

  public SettingException(String message) {
    super(message);
  }
}
