package dev.iotpipeline.ingest.service;

/**
 * What the function does with its meters at the end of every invocation: in Lambda, write their
 * changes as EMF lines ({@link EmfMetrics}); elsewhere nothing (Prometheus serves them).
 */
@FunctionalInterface
public interface InvocationMetrics {

  /** Publishes what the meters counted during the invocation that just ended. */
  void invocationEnded();

  /** Nothing to do at the end of an invocation. */
  static InvocationMetrics none() {
    return () -> {};
  }
}
