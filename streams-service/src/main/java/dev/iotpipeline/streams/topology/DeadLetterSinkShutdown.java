package dev.iotpipeline.streams.topology;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;

/** Closes the dead-letter producers the exception handlers opened. */
@ApplicationScoped
public class DeadLetterSinkShutdown {

  void onStop(@Observes ShutdownEvent event) {
    KafkaDeadLetterSink.closeAll();
  }
}
