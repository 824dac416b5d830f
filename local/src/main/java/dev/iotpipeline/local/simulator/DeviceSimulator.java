package dev.iotpipeline.local.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.iotpipeline.contracts.ContractJson;
import picocli.CommandLine;

/**
 * Simulates a fleet of smart meters and environmental sensors. Event time advances in ticks of one
 * reporting interval, up to {@code compression} times faster than the clock and never past now;
 * when the pipeline cannot keep up, event time slows down with it instead of piling messages up.
 * Each device always speaks the same protocol and format, as real devices do. Injected conditions
 * are counted, so the summary says what the pipeline should have seen.
 */
public final class DeviceSimulator implements AutoCloseable {

  private final SimulatorOptions options;
  private final Random random;
  private final List<SimDevice> devices = new ArrayList<>();
  private final Transports transports;
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<CompletableFuture<Integer>> pending = new ArrayList<>();
  private volatile double speed = 1.0;
  private volatile boolean paused;
  private volatile boolean running = true;
  private volatile long simTime;
  private volatile int theftRequests;
  private volatile String lastProblem;
  private LongSupplier backlog = () -> 0;
  private long startedAt;

  public DeviceSimulator(SimulatorOptions options) {
    this.options = options;
    this.random = new Random(options.seed);
    int[] protocols = SimulatorOptions.shares(options.protocols, "--protocols");
    int[] formats = SimulatorOptions.shares(options.formats, "--formats");
    long interval = options.intervalSeconds * 1000L;
    for (int i = 1; i <= options.meters; i++) {
      devices.add(
          new SimDevice(
              "meter-%04d".formatted(i),
              SimDevice.Kind.METER,
              pick(SimDevice.Transport.values(), protocols, i),
              pick(SimDevice.Format.values(), formats, i * 7 + 3),
              random,
              interval));
    }
    for (int i = 1; i <= options.envSensors; i++) {
      devices.add(
          new SimDevice(
              "env-%04d".formatted(i),
              SimDevice.Kind.ENV,
              pick(SimDevice.Transport.values(), protocols, i + 5),
              pick(SimDevice.Format.values(), formats, i * 3 + 1),
              random,
              interval));
    }
    this.transports = new Transports(options);
    this.thread = new Thread(this::run, "device-simulator");
  }

  /** Deterministic spread of devices over the shares (percentages). */
  private static <T> T pick(T[] values, int[] shares, int index) {
    int slot = Math.floorMod(index * 37, 100);
    int acc = 0;
    for (int i = 0; i < values.length; i++) {
      acc += shares[i];
      if (slot < acc) {
        return values[i];
      }
    }
    return values[0];
  }

  public static void main(String[] args) throws Exception {
    SimulatorOptions options = new SimulatorOptions();
    CommandLine cli = new CommandLine(options);
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      cli.usage(System.err);
      System.exit(2);
      return;
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(System.out);
      return;
    }
    if (cli.isVersionHelpRequested()) {
      System.out.println("simulate-devices 0.1.0");
      return;
    }
    DeviceSimulator simulator = new DeviceSimulator(options);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  System.out.println(simulator.summary());
                }));
    System.out.println(simulator.describe());
    simulator.start();
    simulator.finished.await();
  }

  /** Tells the simulator how many sent messages the pipeline has not taken yet (in-process). */
  public void setBacklog(LongSupplier backlog) {
    this.backlog = backlog;
  }

  /** Messages sent so far. */
  public long sent() {
    return count("sent");
  }

  /** One line: fleet and pace. */
  public String describe() {
    long mqtt = devices.stream().filter(d -> d.transport == SimDevice.Transport.MQTT).count();
    long http = devices.stream().filter(d -> d.transport == SimDevice.Transport.HTTP).count();
    return "%d meters + %d sensors (%d MQTT, %d HTTP, %d CoAP), a reading every %d s at %.0f×, %d theft meters"
        .formatted(
            options.meters,
            options.envSensors,
            mqtt,
            http,
            devices.size() - mqtt - http,
            options.intervalSeconds,
            options.compression,
            options.theftMeters);
  }

  /** Registers the fleet, connects the MQTT devices and starts sending. */
  public void start() {
    startedAt = System.currentTimeMillis();
    long interval = options.intervalSeconds * 1000L;
    simTime = (startedAt - options.backfillMinutes * 60_000L) / interval * interval;
    planTheft(simTime + options.theftAfterMinutes * 60_000L, options.theftMeters);
    if (options.register) {
      register();
    }
    List<CompletableFuture<Void>> connections = new ArrayList<>();
    for (SimDevice d : devices) {
      if (d.transport == SimDevice.Transport.MQTT) {
        connections.add(transports.connect(d));
      }
    }
    try {
      CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "MQTT devices could not connect to 127.0.0.1:" + options.mqttPort + ": " + e.getMessage(),
          e);
    }
    thread.start();
  }

  private void planTheft(long from, int count) {
    // Theft needs the meter to be connected: the MQTT meters, whose presence the broker reports.
    List<SimDevice> candidates = new ArrayList<>();
    for (SimDevice d : devices) {
      if (d.kind == SimDevice.Kind.METER
          && d.transport == SimDevice.Transport.MQTT
          && d.theftFrom == Long.MAX_VALUE) {
        candidates.add(d);
      }
    }
    java.util.Collections.shuffle(candidates, random);
    for (SimDevice d : candidates.subList(0, Math.min(count, candidates.size()))) {
      d.theftFrom = from;
      d.theftUntil = from + options.theftDurationMinutes * 60_000L;
      increment("injected.theft");
    }
  }

  /** The meters that steal (or stole) power, for the summary and the tests. */
  public List<String> theftMeters() {
    List<String> ids = new ArrayList<>();
    for (SimDevice d : devices) {
      if (d.theftFrom != Long.MAX_VALUE) {
        ids.add(d.id);
      }
    }
    return ids;
  }

  private void register() {
    HttpClient client = HttpClient.newHttpClient();
    int ok = 0;
    for (SimDevice d : devices) {
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(options.httpBase + "/api/devices"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            ContractJson.mapper().writeValueAsBytes(d.registration())))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 300 || response.statusCode() == 409) {
          ok++;
        } else {
          lastProblem = "registry answered " + response.statusCode() + ": " + response.body();
        }
      } catch (Exception e) {
        lastProblem = "registry not reachable at " + options.httpBase + ": " + e.getMessage();
        break;
      }
    }
    counters.put("registered", new AtomicLong(ok));
    if (!options.quiet) {
      System.out.printf(
          "Registered %d of %d devices%s%n",
          ok, devices.size(), lastProblem == null ? "" : " (" + lastProblem + ")");
    }
  }

  private void run() {
    long interval = options.intervalSeconds * 1000L;
    // Devices in event-time order: a message is sent only when every earlier reading was, so the
    // disorder the pipeline sees is the injected one plus what is in flight, not a tick's worth.
    java.util.PriorityQueue<long[]> due =
        new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(e -> e[0]));
    for (int i = 0; i < devices.size(); i++) {
      due.add(new long[] {simTime + devices.get(i).phaseMs, i});
    }
    // In flight at most ~3 s of event time, well inside the 5 s grace period.
    int maxInFlight = (int) Math.max(8, devices.size() * 3000L / interval);
    long paceWall = System.currentTimeMillis();
    long paceSim = simTime;
    double paceSpeed = speed;
    long nextProgress = System.currentTimeMillis() + options.progressSeconds * 1000L;
    long lastProgressSent = 0;
    long lastProgressAt = System.currentTimeMillis();
    try {
      while (running) {
        long now = System.currentTimeMillis();
        if (options.durationSeconds > 0 && now - startedAt >= options.durationSeconds * 1000L) {
          break;
        }
        if (!options.quiet && options.progressSeconds > 0 && now >= nextProgress) {
          long sent = count("sent");
          System.out.printf(
              "[%s] event time %s | sent %d (%.0f msg/s) | theft %d, breaches %d, anomalies %d,"
                  + " silences %d, malformed %d, late %d, out-of-order %d, duplicates %d%n",
              Instant.ofEpochMilli(now).toString().substring(11, 19),
              Instant.ofEpochMilli(simTime).toString().substring(0, 19),
              sent,
              (sent - lastProgressSent) * 1000.0 / Math.max(1, now - lastProgressAt),
              count("injected.theft"),
              count("injected.breach"),
              count("injected.anomaly"),
              count("injected.silence"),
              count("injected.malformed"),
              count("injected.late"),
              count("injected.out-of-order"),
              count("injected.duplicate"));
          lastProgressSent = sent;
          lastProgressAt = now;
          nextProgress = now + options.progressSeconds * 1000L;
        }
        long[] next = due.peek();
        double pace = options.compression * speed;
        long target = paceWall + (long) ((next[0] - paceSim) / pace);
        if (paused
            || next[0] > now - 1000
            || backlog.getAsLong() > maxInFlight
            || inFlight() > maxInFlight) {
          // Paused, event time has reached now, or the pipeline is behind: wait, then pace anew.
          Thread.sleep(paused || next[0] > now - 1000 ? 50 : 2);
          paceWall = System.currentTimeMillis();
          paceSim = next[0];
          continue;
        }
        if (speed != paceSpeed) {
          paceWall = now;
          paceSim = next[0];
          paceSpeed = speed;
          continue;
        }
        if (target > now) {
          Thread.sleep(Math.min(50, target - now));
          continue;
        }
        if (target < now - 1000) {
          paceWall = now; // behind the pace: carry on from here, do not burst to catch up
          paceSim = next[0];
        }
        due.poll();
        SimDevice device = devices.get((int) next[1]);
        simTime = next[0];
        if (theftRequests > 0) {
          planTheft(simTime, theftRequests);
          theftRequests = 0;
        }
        emit(device, next[0]);
        due.add(new long[] {next[0] + interval, next[1]});
      }
      awaitPending();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      lastProblem = e.toString();
      throw e;
    } finally {
      finished.countDown();
    }
  }

  private void emit(SimDevice d, long eventTime) throws InterruptedException {
    long interval = options.intervalSeconds * 1000L;
    if (eventTime < d.silentUntil) {
      return;
    }
    if (random.nextDouble() < options.silenceRate * interval / 3_600_000.0) {
      d.silentUntil = eventTime + 15 * 60_000L;
      increment("injected.silence");
      return;
    }
    if (random.nextDouble() < options.malformedRate) {
      send(d, Payloads.malformed(d, eventTime, random));
      increment("injected.malformed");
      return;
    }
    Map<String, Double> values = d.readings(eventTime, random);
    if (random.nextDouble() < options.breachRate) {
      if (d.kind == SimDevice.Kind.METER) {
        values.put("voltage_v", 262.0 + random.nextDouble() * 5);
      } else {
        values.put("temperature_c", random.nextBoolean() ? 65.0 : 85.0);
      }
      increment("injected.breach");
    } else if (random.nextDouble() < options.anomalyRate) {
      String metric = d.kind == SimDevice.Kind.METER ? "power_w" : "humidity_pct";
      values.put(metric, values.get(metric) * 3.5);
      increment("injected.anomaly");
    }
    long time = eventTime;
    if (random.nextDouble() < options.outOfOrderRate) {
      time = eventTime - 2_000; // earlier than readings already sent: within the 5 s grace
      increment("injected.out-of-order");
    } else if (random.nextDouble() < options.lateRate) {
      time = eventTime - 10 * 60_000L; // long after its window closed
      increment("injected.late");
    }
    byte[] payload = Payloads.encode(d, time, values);
    send(d, payload);
    if (random.nextDouble() < options.duplicateRate) {
      send(d, payload);
      increment("injected.duplicate");
    }
  }

  private int inFlight() {
    synchronized (pending) {
      pending.removeIf(CompletableFuture::isDone);
      return pending.size();
    }
  }

  private void send(SimDevice device, byte[] payload) throws InterruptedException {
    increment("sent");
    increment("sent." + device.transport.name().toLowerCase());
    CompletableFuture<Integer> future =
        transports
            .send(device, payload)
            .whenComplete(
                (status, failure) -> {
                  if (failure != null) {
                    increment("failed");
                    lastProblem = failure.getMessage();
                  } else if (status != null && status >= 400) {
                    increment("answered." + status);
                  }
                });
    synchronized (pending) {
      pending.add(future);
    }
  }

  private void awaitPending() throws InterruptedException {
    List<CompletableFuture<Integer>> copy;
    synchronized (pending) {
      copy = new ArrayList<>(pending);
      pending.clear();
    }
    try {
      CompletableFuture.allOf(copy.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      lastProblem = e.getMessage();
    }
  }

  private void increment(String key) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private long count(String key) {
    AtomicLong c = counters.get(key);
    return c == null ? 0 : c.get();
  }

  /** The knobs and counters, for the dashboard. */
  public Map<String, Object> snapshot() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("fleet", describe());
    s.put("devices", devices.size());
    s.put("speed", speed);
    s.put("compression", options.compression);
    s.put("effectiveCompression", options.compression * speed);
    s.put("paused", paused);
    s.put("theftMeters", theftMeters());
    s.put("eventTime", simTime);
    s.put("eventTimeLagMs", Math.max(0, System.currentTimeMillis() - simTime));
    Map<String, Long> c = new java.util.TreeMap<>();
    counters.forEach((k, v) -> c.put(k, v.get()));
    s.put("counters", c);
    s.put("lastProblem", lastProblem);
    return s;
  }

  /** The end-of-run summary. */
  public String summary() {
    StringBuilder b = new StringBuilder("\nSimulator summary\n");
    new java.util.TreeMap<>(counters)
        .forEach((k, v) -> b.append(String.format("  %-26s %d%n", k, v.get())));
    b.append(String.format("  %-26s %s%n", "event time reached", Instant.ofEpochMilli(simTime)));
    if (lastProblem != null) {
      b.append("  last problem: ").append(lastProblem).append('\n');
    }
    return b.toString();
  }

  /** Multiplies the compression (the dashboard's event-rate knob); applies at once. */
  public void setSpeed(double speed) {
    this.speed = speed;
  }

  public void setPaused(boolean paused) {
    this.paused = paused;
  }

  /** Starts theft on {@code meters} more connected meters from the current event time. */
  public void injectTheftNow(int meters) {
    theftRequests = Math.max(1, Math.min(20, meters));
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transports.close();
  }
}
