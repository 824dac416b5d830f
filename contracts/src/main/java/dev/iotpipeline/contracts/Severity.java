package dev.iotpipeline.contracts;

/** Alert severity; routing: CRITICAL to PagerDuty and SNS critical, WARNING to SNS monitoring. */
public enum Severity {
  CRITICAL,
  WARNING,
  INFO
}
