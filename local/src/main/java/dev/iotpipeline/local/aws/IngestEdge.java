package dev.iotpipeline.local.aws;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.iotpipeline.contracts.ContractJson;

/**
 * The one door into the ingest function for every local protocol (the IoT rule for MQTT, the HTTP
 * API, the CoAP adapter): it counts what each protocol handed over and how many invocations failed,
 * and bounds the invocations in flight so that a fast simulator slows down instead of piling up.
 */
public final class IngestEdge {

  private static final Logger LOG = LoggerFactory.getLogger(IngestEdge.class);

  private final LambdaRuntimeApi function;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong completedTelemetry = new AtomicLong();
  private volatile String lastError;
  private volatile boolean stopping;

  public IngestEdge(LambdaRuntimeApi function, int maxInFlight) {
    this.function = function;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxInFlight = maxInFlight;
  }

  /** Invokes the function with {@code event}; {@code protocol} names the door for the counters. */
  public CompletableFuture<byte[]> invoke(String protocol, ObjectNode event) {
    byte[] bytes;
    try {
      bytes = ContractJson.mapper().writeValueAsBytes(event);
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    delivered.computeIfAbsent(protocol, k -> new AtomicLong()).incrementAndGet();
    return function
        .invoke(bytes)
        .whenComplete(
            (ok, failure) -> {
              inFlight.release();
              if (!"lifecycle".equals(protocol)) {
                completedTelemetry.incrementAndGet();
              }
              if (failure == null) {
                count(ok);
              } else {
                failed.incrementAndGet();
                lastError = failure.getMessage();
                if (!stopping) {
                  LOG.warn("ingest invocation from {} failed: {}", protocol, failure.getMessage());
                }
              }
            });
  }

  /**
   * Reads the function's answer: the IoT rule's summary ({@code accepted}/{@code rejected}) or an
   * HTTP API 2.0 response (202 accepted, 4xx rejected).
   */
  private void count(byte[] response) {
    try {
      JsonNode answer = ContractJson.mapper().readTree(response);
      if (answer == null) {
        return;
      }
      if (answer.has("statusCode")) {
        int status = answer.path("statusCode").asInt();
        JsonNode body = ContractJson.mapper().readTree(answer.path("body").asText("{}"));
        if (status < 300) {
          accepted.incrementAndGet();
          readings.addAndGet(body.path("accepted").asLong());
        } else if (status < 500) {
          rejected.incrementAndGet();
        }
      } else if (answer.has("rejected")) {
        rejected.incrementAndGet();
      } else if (answer.has("accepted")) {
        accepted.incrementAndGet();
        readings.addAndGet(answer.path("accepted").asLong());
      }
    } catch (Exception e) {
      LOG.warn("ingest answered something that is not JSON: {}", e.getMessage());
    }
  }

  /**
   * Waits up to {@code timeout} for the invocations in flight (e.g. the disconnects of devices that
   * just went away) before the function stops; what is still queued then fails quietly.
   */
  public void drain(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.availablePermits() < maxInFlight && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    stopping = true;
  }

  /** Device messages (not lifecycle events) whose invocation has completed. */
  public long completedTelemetry() {
    return completedTelemetry.get();
  }

  /** Messages the function accepted (readings and/or presence published). */
  public long accepted() {
    return accepted.get();
  }

  /** Messages the function rejected to iot-dlq. */
  public long rejected() {
    return rejected.get();
  }

  /** Readings the accepted messages carried. */
  public long readings() {
    return readings.get();
  }

  /** Messages handed to the function, by protocol. */
  public Map<String, Long> delivered() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    delivered.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public long failed() {
    return failed.get();
  }

  public String lastError() {
    return lastError;
  }
}
