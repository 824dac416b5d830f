package dev.iotpipeline.fanout.service;

import java.util.ArrayList;
import java.util.List;

import dev.iotpipeline.contracts.Alert;
import dev.iotpipeline.contracts.Severity;

/**
 * The routing table: CRITICAL to PagerDuty and the SNS critical topic, WARNING to the SNS
 * monitoring topic, INFO nowhere (it is only stored, by the alert store). A RESOLVED alert takes
 * the same route as its trigger, so the page is resolved and subscribers hear the all-clear.
 */
public final class AlertRouter {

  private final boolean pagerDuty;
  private final boolean sns;

  public AlertRouter(boolean pagerDuty, boolean sns) {
    this.pagerDuty = pagerDuty;
    this.sns = sns;
  }

  /** The channels of an alert, in delivery order. */
  public List<Channel> channels(Alert alert) {
    List<Channel> channels = new ArrayList<>(2);
    if (alert.severity() == Severity.CRITICAL) {
      if (pagerDuty) {
        channels.add(Channel.PAGERDUTY);
      }
      if (sns) {
        channels.add(Channel.SNS_CRITICAL);
      }
    } else if (alert.severity() == Severity.WARNING && sns) {
      channels.add(Channel.SNS_MONITORING);
    }
    return channels;
  }
}
