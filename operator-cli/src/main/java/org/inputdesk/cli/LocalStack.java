package org.inputdesk.cli;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.classifier.topology.ClassifierConfig;
import org.inputdesk.classifier.topology.ClassifierService;
import org.inputdesk.cli.console.Console;
import org.inputdesk.cli.console.ConsoleActions;
import org.inputdesk.cli.console.ConsoleReader;
import org.inputdesk.cli.console.ConsoleState;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.embedded.EmbeddedMail;
import org.inputdesk.intake.IntakeService;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.publisher.PublisherConfig;
import org.inputdesk.publisher.PublisherService;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Settings;
import org.inputdesk.schemas.Topics;

/**
 * The whole pipeline in one process on embedded defaults: a real KRaft broker, a GreenMail mailbox,
 * the sample consultation and directory, and the intake, classifier and publisher services. The
 * local run and the end-to-end tests start it the same way. Everything it keeps is in one data
 * directory (broker log, submissions mailbox, classifier and publisher state); started again on the
 * same directory it resumes: the inputs are still there, intake goes on from its checkpoint and
 * tracking numbers go on from the last one issued.
 */
public final class LocalStack implements AutoCloseable {

  /** The submissions address of the sample consultation. */
  public static final String ADDRESS = "inputs@oewg.localhost";

  private static final String PASSWORD = "local-only";

  /**
   * What to start.
   *
   * @param dataDir where the broker log, the mailbox and the services' state are kept
   * @param httpPort port of the public page; 0 for any free port
   * @param overrides further service settings (keys as in README), applied to every service; with
   *     {@code kafka.bootstrap.servers} the stack uses that cluster instead of starting a broker,
   *     and creates its topics with {@code topics.replication.factor} replicas
   * @param fresh wipe the data directory first; otherwise resume from what it holds
   */
  public record Options(Path dataDir, int httpPort, Map<String, String> overrides, boolean fresh) {

    /** Starting over in {@code dataDir}, as the tests do. */
    public Options(final Path dataDir, final int httpPort, final Map<String, String> overrides) {
      this(dataDir, httpPort, overrides, true);
    }
  }

  /** Written once the sample consultation and directory are applied: not applied again. */
  static final String REFERENCE_APPLIED = "reference-data-applied";

  /** Written once the sample submissions are sent: not sent again on a resumed run. */
  static final String SAMPLES_SENT = "samples-sent";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private String bootstrap;
  private EmbeddedMail mail;
  private PublisherService publisher;
  private Console console;
  private final Map<String, Integer> opsPorts = new java.util.LinkedHashMap<>();
  private final String opsToken = java.util.UUID.randomUUID().toString();
  private Consultation consultation;
  private Path dataDir;
  private boolean resumed;

  private LocalStack() {}

  /** Starts everything, reporting each step to {@code progress}; stops what started on failure. */
  public static LocalStack start(final Options options, final Consumer<String> progress) {
    final LocalStack stack = new LocalStack();
    try {
      stack.startAll(options, progress);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(final Options options, final Consumer<String> progress) {
    dataDir = options.dataDir();
    if (options.fresh()) {
      wipe(dataDir);
    }
    resumed = Files.exists(dataDir.resolve("kafka"));
    prepare(dataDir);
    progress.accept(
        resumed
            ? "starting Kafka broker (KRaft), resuming " + dataDir
            : "starting Kafka broker (KRaft)");
    bootstrap = options.overrides().get(Settings.BOOTSTRAP_SERVERS);
    if (bootstrap == null) {
      kafka = EmbeddedKafka.start(options.dataDir().resolve("kafka"));
      started.push(kafka);
      bootstrap = kafka.bootstrapServers();
    }
    final short replicas =
        Short.parseShort(options.overrides().getOrDefault("topics.replication.factor", "1"));
    final Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(client)) {
      Topics.ensure(admin, Topics.ALL, replicas);
    }
    consultation = readConsultation();
    if (!Files.exists(dataDir.resolve(REFERENCE_APPLIED))) {
      // once: a resumed run keeps what operators applied since
      progress.accept("applying the sample consultation and sender directory");
      ReferenceData.applyConsultations(client, List.of(consultation));
      try (InputStream in = resource("/local/directory.yaml")) {
        ReferenceData.applyDirectory(
            client, ConsultationFiles.readDirectory(in, "directory.yaml", "local-run"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      mark(REFERENCE_APPLIED);
    }

    progress.accept("starting mail server (IMAP and SMTP)");
    mail = EmbeddedMail.start(ADDRESS, PASSWORD, dataDir.resolve("mail"));
    started.push(mail);

    final Map<String, String> common = new HashMap<>();
    common.put(Settings.BOOTSTRAP_SERVERS, bootstrap);

    progress.accept("starting classifier");
    final Map<String, String> classifier = new HashMap<>(common);
    classifier.put("classifier.state.dir", options.dataDir().resolve("classifier").toString());
    classifier.put("ops.http.host", "127.0.0.1");
    classifier.put("ops.http.port", "0");
    classifier.put("ops.token", opsToken);
    classifier.putAll(options.overrides());
    final ClassifierService classifierService =
        ClassifierService.start(ClassifierConfig.from(classifier));
    started.push(classifierService);
    opsPorts.put("classifier", classifierService.opsPort());

    progress.accept("starting publisher");
    final Map<String, String> pub = new HashMap<>(common);
    pub.put("http.host", "127.0.0.1");
    pub.put("http.port", String.valueOf(options.httpPort()));
    pub.put("publisher.state.dir", options.dataDir().resolve("publisher").toString());
    pub.put("ops.http.host", "127.0.0.1");
    pub.put("ops.http.port", "0");
    pub.put("ops.token", opsToken);
    pub.putAll(options.overrides());
    publisher = PublisherService.start(PublisherConfig.from(pub));
    started.push(publisher);
    opsPorts.put("publisher", publisher.opsPort());

    progress.accept("starting operator console");
    final ConsoleState consoleState = new ConsoleState();
    started.push(new ConsoleReader(Map.of("bootstrap.servers", bootstrap), consoleState));
    console =
        Console.start(
            consoleState,
            new ConsoleActions(client, consoleState, connection()),
            "127.0.0.1",
            0,
            opsToken);
    started.push(console);

    progress.accept("starting intake");
    final Map<String, String> intake = new HashMap<>(common);
    intake.put("imap.host", mail.host());
    intake.put("imap.port", String.valueOf(mail.imapPort()));
    intake.put("imap.protocol", "imap");
    intake.put("imap.user", mail.user());
    intake.put("imap.password", mail.password());
    intake.put("imap.poll.interval.ms", "2000");
    intake.put("smtp.host", mail.host());
    intake.put("smtp.port", String.valueOf(mail.smtpPort()));
    intake.put("smtp.from", ADDRESS);
    intake.put("ops.http.host", "127.0.0.1");
    intake.put("ops.http.port", "0");
    intake.put("ops.token", opsToken);
    intake.putAll(options.overrides());
    final IntakeService intakeService = IntakeService.start(IntakeConfig.from(intake));
    started.push(intakeService);
    opsPorts.put("intake", intakeService.opsPort());
  }

  /** Sends the sample submissions by SMTP to the submissions address; returns how many. */
  public int sendSamples() {
    final List<MimeMessage> samples = SampleMail.all(mail.smtpSession(), ADDRESS);
    samples.forEach(mail::send);
    mark(SAMPLES_SENT);
    return samples.size();
  }

  /** Whether the sample submissions were sent to this data directory before. */
  public boolean samplesSent() {
    return Files.exists(dataDir.resolve(SAMPLES_SENT));
  }

  /** Whether this run resumed a data directory used before. */
  public boolean resumed() {
    return resumed;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  private void mark(final String name) {
    try {
      Files.writeString(dataDir.resolve(name), java.time.Instant.now() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve(name), e);
    }
  }

  private static Consultation readConsultation() {
    try (InputStream in = resource("/local/consultation.yaml")) {
      return ConsultationFiles.readConsultation(in, "consultation.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(final String name) {
    final InputStream in = LocalStack.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is missing from the build");
    }
    return in;
  }

  private static void wipe(final Path dir) {
    try {
      if (Files.exists(dir)) {
        try (var paths = Files.walk(dir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe data directory " + dir, e);
    }
  }

  private static void prepare(final Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare data directory " + dir, e);
    }
  }

  /** The embedded broker; null when the stack runs on a cluster given in its overrides. */
  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** Where the stack's Kafka listens, embedded or not. */
  public String bootstrapServers() {
    return bootstrap;
  }

  public EmbeddedMail mail() {
    return mail;
  }

  public Consultation consultation() {
    return consultation;
  }

  /** The public site, e.g. http://127.0.0.1:8080/. */
  public URI baseUrl() {
    return publisher.baseUrl();
  }

  /** The operator console. */
  public URI consoleUrl() {
    return URI.create("http://127.0.0.1:" + console.port() + "/ops/");
  }

  /** Each service's operator endpoint port (health and metrics). */
  public Map<String, Integer> opsPorts() {
    return Map.copyOf(opsPorts);
  }

  /** The operators' token of this run (console and /metrics). */
  public String opsToken() {
    return opsToken;
  }

  /** The consultation's page. */
  public URI consultationPage() {
    return baseUrl().resolve("c/" + consultation.getId() + "/");
  }

  /** The consultation's JSON Feed. */
  public URI feedUrl() {
    return consultationPage().resolve("feed.json");
  }

  /** Where this stack's broker and mailbox listen, for operator commands in another terminal. */
  public Map<String, String> connection() {
    return Map.of(
        "bootstrap.servers", bootstrap,
        "imap.host", mail.host(),
        "imap.port", String.valueOf(mail.imapPort()),
        "imap.protocol", "imap",
        "imap.user", mail.user(),
        "imap.password", mail.password());
  }

  /** Stops the services, then the mail server and broker, last started first. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }
}
