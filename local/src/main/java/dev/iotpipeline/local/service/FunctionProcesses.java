package dev.iotpipeline.local.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution environments of one function: {@code concurrency} JVMs polling the same Runtime
 * API. Like Lambda, which starts a fresh environment when one crashed or failed its init, a process
 * that exits is started again (a few times, with a pause, so a broken build does not spin).
 */
public final class FunctionProcesses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionProcesses.class);
  private static final int MAX_RESTARTS = 20;

  private final String name;
  private final List<String> jvmArgs;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path logs;
  private final ManagedProcess[] processes;
  private final AtomicInteger restarts = new AtomicInteger();
  private final Thread watchdog;
  private volatile boolean running = true;

  public FunctionProcesses(
      String name,
      int concurrency,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Path logs)
      throws IOException {
    this.name = name;
    this.jvmArgs = jvmArgs;
    this.args = args;
    this.env = env;
    this.logs = logs;
    this.processes = new ManagedProcess[concurrency];
    for (int i = 0; i < concurrency; i++) {
      processes[i] = start(i);
    }
    this.watchdog = new Thread(this::watch, "watchdog-" + name);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private ManagedProcess start(int i) throws IOException {
    String id = name + "-" + (i + 1);
    return ManagedProcess.startJava(id, jvmArgs, args, env, logs.resolve(id + ".log"));
  }

  private void watch() {
    while (running) {
      try {
        Thread.sleep(1000);
        for (int i = 0; i < processes.length && running; i++) {
          if (!processes[i].isAlive()) {
            if (restarts.incrementAndGet() > MAX_RESTARTS) {
              LOG.error(
                  "{} keeps failing; not restarting it again: see {}", name, processes[i].log());
              running = false;
              return;
            }
            LOG.warn("{} exited; starting a fresh environment (see {})", name, processes[i].log());
            Thread.sleep(2000);
            processes[i] = start(i);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        LOG.error("{} could not be restarted: {}", name, e.toString());
      }
    }
  }

  /** False once the function failed more often than it may be restarted. */
  public boolean usable() {
    return restarts.get() <= MAX_RESTARTS;
  }

  /** The log of the first environment. */
  public Path log() {
    return processes[0].log();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    watchdog.interrupt();
    for (ManagedProcess p : processes) {
      p.close();
    }
  }
}
