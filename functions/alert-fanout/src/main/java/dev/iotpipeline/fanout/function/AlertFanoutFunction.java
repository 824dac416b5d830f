package dev.iotpipeline.fanout.function;

import jakarta.inject.Inject;

import dev.iotpipeline.contracts.msk.MskEvent;
import dev.iotpipeline.fanout.service.FanoutResult;
import dev.iotpipeline.fanout.service.FanoutService;
import io.quarkus.funqy.Funq;

/**
 * The Lambda entry point, invoked by the MSK event source mapping on {@code iot-alerts}. A thrown
 * exception fails the invocation: the event source mapping retries the batch and finally sends it
 * to its on-failure destination.
 */
public class AlertFanoutFunction {

  @Inject FanoutService service;

  @Funq("fanout")
  public FanoutResult fanout(MskEvent event) {
    return service.fanOut(event);
  }
}
