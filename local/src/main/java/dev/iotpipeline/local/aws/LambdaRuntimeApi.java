package dev.iotpipeline.local.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The AWS Lambda Runtime API (2018-06-01) for one function, as the function's own runtime client
 * sees it inside Lambda: {@code GET /runtime/invocation/next} long-polls for the next event and
 * answers with the {@code Lambda-Runtime-*} headers; the client posts the result to {@code
 * /invocation/{id}/response} or {@code /invocation/{id}/error}. Several processes may poll the same
 * API: that is the function's concurrency.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

  private static final String BASE = "/2018-06-01/runtime/";

  static {
    tuneHttpServer();
  }

  /**
   * TCP_NODELAY on the JDK HTTP server's connections (read once, before the first server starts).
   * Without it a response's headers and body leave as two segments, and Nagle's algorithm meeting
   * the client's delayed ACK stalls every invocation for ~40 ms on loopback.
   */
  public static void tuneHttpServer() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String functionName;
  private final String functionArn;
  private final long timeoutMillis;
  private final HttpServer server;
  private final ExecutorService threads;
  private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
  private final CountDownLatch firstPoll = new CountDownLatch(1);
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile String initError;
  private volatile boolean running = true;

  /** The result of an invocation that the function reported as failed (or that timed out). */
  public static final class FunctionError extends RuntimeException {
    public FunctionError(String message) {
      super(message);
    }
  }

  private record Invocation(
      String id, byte[] event, long deadlineMillis, CompletableFuture<byte[]> result) {}

  /** Starts the API on a free loopback port. */
  public LambdaRuntimeApi(String functionName, int timeoutSeconds) throws IOException {
    this.functionName = functionName;
    this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    this.timeoutMillis = TimeUnit.SECONDS.toMillis(timeoutSeconds);
    this.threads = Executors.newCachedThreadPool();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(BASE, this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} for the function process. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String functionName() {
    return functionName;
  }

  public String functionArn() {
    return functionArn;
  }

  /** Queues an event; completes with the function's response bytes or a {@link FunctionError}. */
  public CompletableFuture<byte[]> invoke(byte[] event) {
    invocations.incrementAndGet();
    Invocation invocation =
        new Invocation(
            UUID.randomUUID().toString(),
            event,
            System.currentTimeMillis() + timeoutMillis,
            new CompletableFuture<>());
    inFlight.put(invocation.id(), invocation);
    queue.add(invocation);
    return invocation
        .result()
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .whenComplete(
            (ok, failure) -> {
              inFlight.remove(invocation.id());
              if (failure != null) {
                errors.incrementAndGet();
              }
            })
        .exceptionallyCompose(
            failure -> {
              Throwable cause =
                  failure instanceof java.util.concurrent.CompletionException
                          && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              return CompletableFuture.failedFuture(
                  cause instanceof TimeoutException
                      ? new FunctionError(
                          "Task timed out after " + timeoutMillis / 1000 + " seconds")
                      : cause);
            });
  }

  /** Waits until a function process asked for its first event, i.e. it finished its init. */
  public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
    return firstPoll.await(timeout, unit);
  }

  /** The init error a function process reported, if any. */
  public String initError() {
    return initError;
  }

  public long invocations() {
    return invocations.get();
  }

  public long errors() {
    return errors.get();
  }

  public int queued() {
    return queue.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(BASE.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && path.equals("init/error")) {
        initError = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        respond(exchange, 202, "{}");
      } else if (method.equals("POST") && path.startsWith("invocation/")) {
        String[] parts = path.split("/");
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = parts.length == 3 ? inFlight.get(parts[1]) : null;
        if (invocation == null) {
          respond(exchange, 400, "{\"errorMessage\":\"unknown or expired request id\"}");
          return;
        }
        if (parts[2].equals("response")) {
          invocation.result().complete(body);
        } else {
          invocation
              .result()
              .completeExceptionally(new FunctionError(new String(body, StandardCharsets.UTF_8)));
        }
        respond(exchange, 202, "{\"status\":\"OK\"}");
      } else {
        respond(exchange, 404, "{\"errorMessage\":\"not a runtime API path\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    firstPoll.countDown();
    Invocation invocation = null;
    try {
      while (running && invocation == null) {
        invocation = queue.poll(1, TimeUnit.SECONDS);
        if (invocation != null && invocation.result().isDone()) {
          invocation = null; // timed out while queued: the caller has given up on it
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      respond(exchange, 503, "{\"errorMessage\":\"runtime API shutting down\"}");
      return;
    }
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.id());
    exchange
        .getResponseHeaders()
        .add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    exchange
        .getResponseHeaders()
        .add(
            "Lambda-Runtime-Trace-Id",
            "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-local");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(invocation.event());
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    running = false;
    queue.forEach(i -> i.result().completeExceptionally(new FunctionError("shutting down")));
    server.stop(0);
    threads.shutdownNow();
  }
}
