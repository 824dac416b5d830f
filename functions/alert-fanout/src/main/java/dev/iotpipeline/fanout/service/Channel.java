package dev.iotpipeline.fanout.service;

/** Where an alert can be delivered. */
public enum Channel {
  /** PagerDuty Events API v2 (CRITICAL). */
  PAGERDUTY,
  /** The SNS critical topic (CRITICAL). */
  SNS_CRITICAL,
  /** The SNS monitoring topic (WARNING). */
  SNS_MONITORING
}
