package dev.iotpipeline.local;

import java.awt.Desktop;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iotpipeline.contracts.Topics;
import dev.iotpipeline.local.aws.EventSourceMapping;
import dev.iotpipeline.local.aws.HttpGateway;
import dev.iotpipeline.local.aws.IngestEdge;
import dev.iotpipeline.local.aws.IotRuleBridge;
import dev.iotpipeline.local.aws.LambdaBootstrap;
import dev.iotpipeline.local.aws.LambdaRuntimeApi;
import dev.iotpipeline.local.component.CoapEdge;
import dev.iotpipeline.local.component.LocalKafka;
import dev.iotpipeline.local.component.LocalMqtt;
import dev.iotpipeline.local.component.LocalPostgres;
import dev.iotpipeline.local.component.LocalS3;
import dev.iotpipeline.local.component.Ports;
import dev.iotpipeline.local.config.LocalSettings;
import dev.iotpipeline.local.config.SettingException;
import dev.iotpipeline.local.receiver.RecordingReceiver;
import dev.iotpipeline.local.service.FunctionJar;
import dev.iotpipeline.local.service.FunctionProcesses;
import dev.iotpipeline.local.service.ManagedProcess;
import dev.iotpipeline.local.service.TopicTally;
import dev.iotpipeline.local.simulator.DeviceSimulator;
import dev.iotpipeline.local.simulator.SimulatorOptions;
import dev.iotpipeline.testsupport.EmbeddedS3;

/**
 * The whole pipeline on one machine. Starts the AWS stand-ins (Kafka for MSK, PostgreSQL, S3, an
 * MQTT broker for IoT Core, a CoAP edge, an HTTP gateway for API Gateway, receivers for PagerDuty
 * and SNS), runs the real built functions behind a Lambda Runtime API and the streams-service as
 * itself, wires them as AWS does, and starts the device simulator. {@link #close()} stops
 * everything in reverse order; every component keeps its data under one folder.
 */
public final class LocalPipeline implements AutoCloseable {

  /** The archive bucket of the local run. */
  public static final String BUCKET = "iot-archive";

  public static final String SNS_CRITICAL =
      "arn:aws:sns:us-east-1:000000000000:iot-alerts-critical";
  public static final String SNS_MONITORING =
      "arn:aws:sns:us-east-1:000000000000:iot-alerts-monitoring";

  /** Every topic of the pipeline, created up front with one partition count (co-partitioned). */
  public static final List<String> TOPICS =
      List.of(
          Topics.RAW_EVENTS,
          Topics.DLQ,
          Topics.DEVICE_PRESENCE,
          Topics.LATE_EVENTS,
          Topics.AGGREGATES_5M,
          Topics.ALERTS,
          Topics.DEVICE_REGISTRY,
          EventSourceMapping.FAILURE_TOPIC);

  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

  static {
    LambdaRuntimeApi.tuneHttpServer();
  }

  private final LocalSettings settings;
  private final Deque<Map.Entry<String, AutoCloseable>> started = new ArrayDeque<>();
  private final Map<String, String> status = new LinkedHashMap<>();
  private final List<String> missing = new ArrayList<>();
  private final List<EventSourceMapping> mappings = new ArrayList<>();
  private final Map<String, LambdaRuntimeApi> functions = new LinkedHashMap<>();
  private final Map<String, FunctionProcesses> functionProcesses = new LinkedHashMap<>();
  private LocalKafka kafka;
  private LocalPostgres postgres;
  private LocalS3 s3;
  private RecordingReceiver pagerDuty;
  private RecordingReceiver sns;
  private IngestEdge ingest;
  private TopicTally tally;
  private HttpGateway gateway;
  private DeviceSimulator simulator;
  private ManagedProcess streamsService;

  private LocalPipeline(LocalSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    LocalPipeline pipeline;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      pipeline = start(LocalSettings.fromEnvironment());
    } catch (SettingException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      LOG.error("The local pipeline did not start", e);
      System.err.println("The local pipeline did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping the local pipeline…");
                  pipeline.close();
                  System.out.println("Stopped. Data kept in " + pipeline.settings.dataDir());
                  stopped.countDown();
                },
                "local-pipeline-stop"));
    pipeline.printStatus();
    pipeline.openBrowser();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts every component; on failure stops what already runs and rethrows. */
  public static LocalPipeline start(LocalSettings settings) throws Exception {
    LocalPipeline pipeline = new LocalPipeline(settings);
    try {
      pipeline.startAll();
      return pipeline;
    } catch (Exception | Error e) {
      pipeline.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path data = Files.createDirectories(settings.dataDir());
    // java.io.tmpdir of every subprocess (RocksDB unpacks its native library there).
    Files.createDirectories(data.resolve("tmp"));
    Path logs = Files.createDirectories(data.resolve("logs"));
    Path repo = settings.repoRoot();
    // Every port first, so a clash stops us before anything started.
    Ports.requireFreeTcp(settings.httpPort(), "the HTTP gateway", "local.http.port");
    Ports.requireFreeTcp(settings.streamsPort(), "the streams-service", "local.streams.port");
    Ports.requireFreeTcp(settings.kafkaPort(), "Kafka", "local.kafka.port");
    Ports.requireFreeTcp(
        settings.kafkaControllerPort(), "the Kafka controller", "local.kafka.controller-port");
    Ports.requireFreeTcp(settings.postgresPort(), "PostgreSQL", "local.postgres.port");
    Ports.requireFreeTcp(settings.s3Port(), "S3", "local.s3.port");
    Ports.requireFreeTcp(settings.mqttPort(), "MQTT", "local.mqtt.port");
    Ports.requireFreeUdp(settings.coapPort(), "CoAP", "local.coap.port");

    FunctionJar ingestJar = FunctionJar.of(repo, "functions/ingest");
    FunctionJar fanoutJar = FunctionJar.of(repo, "functions/alert-fanout");
    FunctionJar archiveJar = FunctionJar.of(repo, "functions/archive");
    Path streamsJar = repo.resolve("streams-service/target/quarkus-app/quarkus-run.jar");

    postgres =
        track("PostgreSQL", LocalPostgres.start(data.resolve("postgres"), settings.postgresPort()));
    status.put("PostgreSQL", postgres.reactiveUrl() + " (user postgres)");

    kafka =
        track(
            "Kafka",
            LocalKafka.start(
                data.resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort()));
    kafka.ensureTopics(settings.kafkaPartitions(), TOPICS, Set.of(Topics.DEVICE_REGISTRY));
    status.put("Kafka (KRaft)", kafka.bootstrapServers());

    s3 = track("S3", LocalS3.start(data.resolve("s3"), settings.s3Port(), BUCKET));
    status.put("S3", s3.endpoint() + " bucket " + BUCKET);

    pagerDuty =
        track("PagerDuty receiver", new RecordingReceiver(RecordingReceiver.Kind.PAGERDUTY, 0));
    sns = track("SNS receiver", new RecordingReceiver(RecordingReceiver.Kind.SNS, 0));
    status.put("PagerDuty receiver", pagerDuty.baseUrl() + "/v2/enqueue");
    status.put("SNS receiver", sns.baseUrl());

    tally = track("topic tally", new TopicTally(kafka.bootstrapServers(), TOPICS).start());

    Map<String, String> functionEnv = functionEnvironment();
    if (ingestJar.built()) {
      Map<String, String> ingestEnv = new HashMap<>(functionEnv);
      // One message per invocation, acknowledged before it returns: lingering only adds latency.
      ingestEnv.put("INGEST_PRODUCER_LINGER", settings.raw("local.ingest.linger", "PT0S"));
      LambdaRuntimeApi api =
          startFunction(ingestJar, ingestEnv, logs, settings.ingestConcurrency());
      ingest = new IngestEdge(api, 256);
      IngestEdge draining = ingest;
      // Closed after the devices and the broker, before the function: their last events get in.
      track("ingest drain", () -> draining.drain(Duration.ofSeconds(15)));
      IngestEdge edge = ingest;
      tally.gauge(
          "__edge", () -> edge.delivered().values().stream().mapToLong(Long::longValue).sum());
    } else {
      missing.add("functions/ingest (MQTT, HTTP and CoAP telemetry cannot enter)");
    }
    KafkaProducer<byte[], byte[]> failures = track("ESM failure producer", failureProducer());
    if (fanoutJar.built()) {
      LambdaRuntimeApi api = startFunction(fanoutJar, functionEnv, logs, 1);
      mappings.add(
          track(
              "ESM alert-fanout", mapping("alert-fanout", List.of(Topics.ALERTS), api, failures)));
    } else {
      missing.add("functions/alert-fanout (no PagerDuty/SNS notifications)");
    }
    if (archiveJar.built()) {
      LambdaRuntimeApi api = startFunction(archiveJar, functionEnv, logs, 1);
      mappings.add(
          track(
              "ESM archive",
              mapping("archive", List.of(Topics.RAW_EVENTS, Topics.ALERTS), api, failures)));
    } else {
      missing.add("functions/archive (nothing archived to S3)");
    }

    if (Files.isRegularFile(streamsJar)) {
      streamsService = track("streams-service", startStreamsService(streamsJar, logs));
    } else {
      missing.add("streams-service (no detection, no dashboard, no /api)");
    }

    IotRuleBridge[] bridge = new IotRuleBridge[1];
    LocalMqtt mqtt =
        track(
            "MQTT",
            LocalMqtt.start(
                data.resolve("mqtt"),
                settings.mqttPort(),
                change -> {
                  if (bridge[0] != null) {
                    bridge[0].onPresence(change);
                  }
                }));
    status.put(
        "MQTT (IoT Core)", "tcp://127.0.0.1:" + mqtt.port() + " topic dt/{type}/{id}/telemetry");
    if (ingest != null) {
      bridge[0] = track("IoT rules", new IotRuleBridge(settings.mqttPort(), ingest));
      track("CoAP", new CoapEdge(settings.coapPort(), ingest));
      status.put("CoAP", "coap://127.0.0.1:" + settings.coapPort() + "/telemetry/{type}/{id}");
    }
    gateway =
        track(
            "HTTP gateway",
            new HttpGateway(
                settings.httpPort(), ingest, new LocalApi(this), settings.streamsPort()));
    status.put(
        "HTTP (API Gateway)", "http://127.0.0.1:" + gateway.port() + "/telemetry/{type}/{id}");

    awaitReady();

    if (settings.simulator() && ingest != null) {
      SimulatorOptions options = SimulatorOptions.parse(settings.simulatorArgs());
      options.mqttPort = settings.mqttPort();
      options.coapPort = settings.coapPort();
      options.httpBase = "http://127.0.0.1:" + gateway.port();
      options.quiet = true;
      simulator = track("simulator", new DeviceSimulator(options));
      DeviceSimulator sim = simulator;
      IngestEdge edge = ingest;
      // Sent but not yet through the ingest function: the simulator holds back beyond a few.
      simulator.setBacklog(() -> sim.sent() - edge.completedTelemetry());
      simulator.start();
      status.put("Simulator", simulator.describe());
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.startupTimeoutSeconds());
    for (Map.Entry<String, LambdaRuntimeApi> f : functions.entrySet()) {
      FunctionProcesses processes = functionProcesses.get(f.getKey());
      while (!f.getValue().awaitReady(500, TimeUnit.MILLISECONDS)) {
        if (!processes.usable() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The "
                  + f.getKey()
                  + " function did not start: see "
                  + processes.log()
                  + (f.getValue().initError() == null
                      ? ""
                      : " (" + f.getValue().initError() + ")"));
        }
      }
    }
    if (streamsService != null) {
      var client = java.net.http.HttpClient.newHttpClient();
      var request =
          java.net.http.HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + settings.streamsPort() + "/q/health/ready"))
              .timeout(Duration.ofSeconds(5))
              .build();
      while (true) {
        if (!streamsService.isAlive()) {
          throw new IllegalStateException(
              "The streams-service stopped during start-up: see " + streamsService.log());
        }
        try {
          int code =
              client
                  .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          // Ready when its health says so; a build without the health extension answers 404.
          if (code == 200 || code == 404) {
            break;
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The streams-service was not ready in time: see " + streamsService.log());
        }
        Thread.sleep(500);
      }
    }
  }

  private Map<String, String> functionEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("KAFKA_SECURITY_MODE", "plaintext");
    // Lambda gives a function no port; a Quarkus build with an HTTP extension (metrics) would
    // otherwise take 8080, the gateway's port.
    env.put("QUARKUS_HTTP_PORT", "0");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("PAGERDUTY_EVENTS_URL", pagerDuty.baseUrl() + "/v2/enqueue");
    env.put("PAGERDUTY_ROUTING_KEY", "local-routing-key-0123456789abcdef");
    env.put("SNS_CRITICAL_TOPIC_ARN", SNS_CRITICAL);
    env.put("SNS_MONITORING_TOPIC_ARN", SNS_MONITORING);
    env.put("AWS_ENDPOINT_URL_SNS", sns.baseUrl());
    env.put("QUARKUS_SNS_ENDPOINT_OVERRIDE", sns.baseUrl());
    env.put("ARCHIVE_BUCKET", BUCKET);
    env.put("AWS_ENDPOINT_URL_S3", s3.endpoint());
    env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint());
    env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
    env.put("AWS_S3_FORCE_PATH_STYLE", "true");
    env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
    env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
    env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
    env.put("AWS_REGION", EmbeddedS3.REGION);
    env.put("AWS_DEFAULT_REGION", EmbeddedS3.REGION);
    env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
    // A laptop that starts seven JVMs at once is slow to answer the first statement.
    env.put("FANOUT_IDEMPOTENCY_STATEMENT_TIMEOUT", settings.raw("local.db-timeout", "30s"));
    env.putAll(databaseEnvironment());
    return env;
  }

  private Map<String, String> databaseEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", LocalPostgres.USER);
    env.put("QUARKUS_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD);
    env.put("DB_URL", postgres.reactiveUrl());
    env.put("DB_USER", LocalPostgres.USER);
    env.put("DB_PASSWORD", LocalPostgres.PASSWORD);
    return env;
  }

  private LambdaRuntimeApi startFunction(
      FunctionJar jar, Map<String, String> baseEnv, Path logs, int concurrency) throws Exception {
    LambdaRuntimeApi api =
        track(
            jar.name() + " runtime API",
            new LambdaRuntimeApi(jar.name(), settings.lambdaTimeoutSeconds()));
    functions.put(jar.name(), api);
    Path bootstrap =
        Path.of(LambdaBootstrap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // Lambda unpacks the deployment package into /var/task; locally into the data folder.
    String classPath = jar.classPath(settings.dataDir().resolve("lambda/" + jar.name()), bootstrap);
    Map<String, String> env = new HashMap<>(baseEnv);
    env.put("AWS_LAMBDA_RUNTIME_API", api.address());
    env.put("AWS_LAMBDA_FUNCTION_NAME", jar.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("LAMBDA_TASK_ROOT", settings.dataDir().resolve("lambda/" + jar.name()).toString());
    env.put("_HANDLER", jar.handler() + "::handleRequest");
    FunctionProcesses processes =
        track(
            jar.name() + " function",
            new FunctionProcesses(
                jar.name(),
                concurrency,
                List.of(
                    "-Xmx" + settings.processHeap(),
                    "-XX:+UseSerialGC",
                    // Quick start for the functions off the hot path; ingest gets the full JIT.
                    jar.name().equals("ingest")
                        ? "-XX:+TieredCompilation"
                        : "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + settings.dataDir().resolve("tmp"),
                    "-cp",
                    classPath),
                List.of(LambdaBootstrap.class.getName(), jar.handler()),
                env,
                logs));
    functionProcesses.put(jar.name(), processes);
    status.put(
        "λ " + jar.name(),
        jar.handler().substring(jar.handler().lastIndexOf('.') + 1)
            + " × "
            + concurrency
            + ", runtime API "
            + api.address());
    return api;
  }

  private EventSourceMapping mapping(
      String name,
      List<String> topics,
      LambdaRuntimeApi api,
      KafkaProducer<byte[], byte[]> failures) {
    EventSourceMapping mapping =
        new EventSourceMapping(
            name,
            kafka.bootstrapServers(),
            topics,
            api,
            settings.esmBatchSize(),
            settings.esmBatchingWindowMs(),
            settings.esmMaxRetries(),
            failures);
    status.put(
        "ESM " + name,
        String.join(",", topics)
            + " → λ "
            + api.functionName()
            + " (batch "
            + settings.esmBatchSize()
            + ", window "
            + settings.esmBatchingWindowMs()
            + " ms, retries "
            + settings.esmMaxRetries()
            + ", on failure → "
            + EventSourceMapping.FAILURE_TOPIC
            + ")");
    return mapping.start();
  }

  private KafkaProducer<byte[], byte[]> failureProducer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  private ManagedProcess startStreamsService(Path jar, Path logs) throws Exception {
    Map<String, String> env = new HashMap<>(databaseEnvironment());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("HTTP_PORT", String.valueOf(settings.streamsPort()));
    env.put("QUARKUS_HTTP_PORT", String.valueOf(settings.streamsPort()));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("STREAMS_STATE_DIR", settings.dataDir().resolve("streams-state").toString());
    env.put("TOPIC_PARTITIONS", String.valueOf(settings.kafkaPartitions()));
    env.put("STREAMS_THREADS", "1");
    status.put(
        "streams-service", "http://127.0.0.1:" + settings.streamsPort() + " (behind the gateway)");
    return ManagedProcess.startJava(
        "streams-service",
        List.of(
            "-Xmx" + settings.raw("local.streams.xmx", "768m"),
            "-Djava.io.tmpdir=" + settings.dataDir().resolve("tmp")),
        List.of("-jar", jar.toString()),
        env,
        logs.resolve("streams-service.log"));
  }

  private <T extends AutoCloseable> T track(String name, T component) {
    started.push(Map.entry(name, component));
    return component;
  }

  /** The status table: what runs where. */
  public void printStatus() {
    StringBuilder table = new StringBuilder("\n  IoT pipeline, local run\n\n");
    status.forEach((k, v) -> table.append(String.format("  %-22s %s%n", k, v)));
    table.append(String.format("  %-22s %s%n", "Data folder", settings.dataDir()));
    table.append(String.format("  %-22s %s%n", "Logs", settings.dataDir().resolve("logs")));
    for (String m : missing) {
      table.append("  ! not built, skipped: ").append(m).append('\n');
    }
    table.append("\n  Dashboard: ").append(dashboardUrl()).append("   (Ctrl-C stops everything)\n");
    System.out.println(table);
  }

  /** {@code http://127.0.0.1:<http port>/} */
  public String dashboardUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/";
  }

  private void openBrowser() {
    if (!settings.openBrowser()) {
      return;
    }
    try {
      if (!java.awt.GraphicsEnvironment.isHeadless()
          && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(dashboardUrl()));
      }
    } catch (Exception | Error e) {
      // Best effort by design: no browser, no display, no desktop integration is fine.
      LOG.debug("No browser opened: {}", e.toString());
    }
  }

  LocalSettings settings() {
    return settings;
  }

  Map<String, String> status() {
    return status;
  }

  List<String> missing() {
    return missing;
  }

  IngestEdge ingest() {
    return ingest;
  }

  TopicTally tally() {
    return tally;
  }

  RecordingReceiver pagerDuty() {
    return pagerDuty;
  }

  RecordingReceiver sns() {
    return sns;
  }

  List<EventSourceMapping> mappings() {
    return mappings;
  }

  Map<String, LambdaRuntimeApi> functions() {
    return functions;
  }

  DeviceSimulator simulator() {
    return simulator;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      Map.Entry<String, AutoCloseable> component = started.pop();
      try {
        component.getValue().close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", component.getKey(), e.toString());
      }
    }
  }
}
