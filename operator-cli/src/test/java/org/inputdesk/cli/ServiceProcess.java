package org.inputdesk.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One InputDesk service as its own operating-system process, configured as in production by
 * INPUTDESK_* environment variables, which a test can kill with SIGKILL and start again. Writes the
 * service's output to a file under the directory it is given.
 */
final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final String mainClass;
  private final Map<String, String> settings;
  private final Path dir;
  private final List<String> jvmOptions;
  private Process process;
  private int starts;

  ServiceProcess(
      final String name, final Class<?> main, final Map<String, String> settings, final Path dir) {
    this(name, main, settings, dir, List.of("-Xmx512m"));
  }

  /**
   * With these JVM options instead of the default heap of 512 MB ({name} is the service's name).
   */
  ServiceProcess(
      final String name,
      final Class<?> main,
      final Map<String, String> settings,
      final Path dir,
      final List<String> jvmOptions) {
    this.name = name;
    this.mainClass = main.getName();
    this.settings = Map.copyOf(settings);
    this.dir = dir;
    this.jvmOptions = jvmOptions.stream().map(o -> o.replace("{name}", name)).toList();
  }

  /** Starts the service (again), its settings as environment variables. */
  ServiceProcess start() {
    try {
      Files.createDirectories(dir);
      final List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
              "-Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider",
              "-cp",
              System.getProperty("java.class.path"),
              mainClass));
      final ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(name + "-" + ++starts + ".log").toFile());
      final Map<String, String> env = new HashMap<>();
      settings.forEach(
          (key, value) ->
              env.put(
                  "INPUTDESK_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
      builder.environment().putAll(env);
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** SIGKILL, as a crash or an out-of-memory killer: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a supervisor's stop or a rolling restart: the shutdown hook runs. */
  void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The operating system's process id of the latest start. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The output of the latest start, for a failure message. */
  String log() {
    try {
      return Files.readString(dir.resolve(name + "-" + starts + ".log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
