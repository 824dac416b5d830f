package dev.iotpipeline.contracts;

/** What a presence change was learned from. */
public enum PresenceOrigin {
  IOT_LIFECYCLE,
  READING
}
