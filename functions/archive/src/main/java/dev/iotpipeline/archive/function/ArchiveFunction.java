package dev.iotpipeline.archive.function;

import jakarta.inject.Inject;

import dev.iotpipeline.archive.service.ArchiveResult;
import dev.iotpipeline.archive.service.ArchiveService;
import dev.iotpipeline.contracts.msk.MskEvent;
import io.quarkus.funqy.Funq;

/**
 * The Lambda entry point, invoked by the MSK event source mapping on {@code iot-raw-events} and
 * {@code iot-alerts}. An exception fails the invocation: the event source mapping then retries the
 * batch, which overwrites the same objects.
 */
public class ArchiveFunction {

  @Inject ArchiveService service;

  @Funq("archive")
  public ArchiveResult archive(MskEvent event) {
    return service.archive(event);
  }
}
