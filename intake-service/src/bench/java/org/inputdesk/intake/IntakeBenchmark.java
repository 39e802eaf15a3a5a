package org.inputdesk.intake;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.inputdesk.embedded.EmbeddedKafka;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.Topics;
import org.inputdesk.testsupport.EmbeddedDovecot;

/**
 * On-demand benchmark (profile {@code bench}, see BENCHMARK.md): fills a Dovecot mailbox with small
 * and PDF messages and measures, into one embedded broker, a raw jakarta.mail batched fetch loop
 * (the limit), an Apache Camel imap-to-kafka route and the intake service; then the IDLE delivery
 * to committed-record latency of the intake. Writes target/benchmark.txt.
 */
public final class IntakeBenchmark {

  private static final String SECRET = "secret";
  private static final int FETCH_BATCH = 200;

  private final EmbeddedKafka kafka;
  private final EmbeddedDovecot dovecot;
  private final StringBuilder report = new StringBuilder();

  private IntakeBenchmark(final EmbeddedKafka kafka, final EmbeddedDovecot dovecot) {
    this.kafka = kafka;
    this.dovecot = dovecot;
  }

  public static void main(final String[] args) throws Exception {
    final int small = Integer.getInteger("bench.small", 10_000);
    final int pdfs = Integer.getInteger("bench.pdf", 1_000);
    final int runs = Integer.getInteger("bench.runs", 3);
    final int camelRuns = Integer.getInteger("bench.camel.runs", 1);
    final int samples = Integer.getInteger("bench.latency.samples", 200);
    final Path work = Files.createTempDirectory("intake-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
        EmbeddedDovecot dovecot = EmbeddedDovecot.start("intake", SECRET)) {
      new IntakeBenchmark(kafka, dovecot).run(small, pdfs, runs, camelRuns, samples);
    } finally {
      // the broker's log holds every message several times over: gigabytes after a full run
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0); // Camel and Kafka leave non-daemon threads behind
  }

  private void run(
      final int small, final int pdfs, final int runs, final int camelRuns, final int samples)
      throws Exception {
    line(
        "IntakeBenchmark %s, %d cores, Java %s, %s",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Topics.ensure(admin, IntakeService.TOPICS, (short) 1);
      admin
          .createTopics(
              List.of(new NewTopic("bench-raw", 3, (short) 1), new NewTopic("bench-camel", 3, (short) 1)))
          .all()
          .get();
    }
    dovecot.addUser("camel", SECRET);

    final long fillStart = System.nanoTime();
    final Random random = new Random(42);
    final List<byte[]> smallMessages =
        IntStream.range(0, small).mapToObj(i -> smallMessage(random, i)).toList();
    final List<byte[]> pdfMessages = pdfMessages(random, pdfs);
    for (final String user : List.of("intake", "camel")) {
      dovecot.deliver(user, "Small", smallMessages.stream());
      dovecot.deliver(user, "Pdf", pdfMessages.stream());
      for (final String folder : List.of("Small", "Pdf")) {
        warm(user, folder);
      }
    }
    final long smallBytes = smallMessages.stream().mapToLong(m -> m.length).sum();
    final long pdfBytes = pdfMessages.stream().mapToLong(m -> m.length).sum();
    line(
        "Mailbox: %d small messages (avg %d B), %d with a PDF (avg %d B); filled and indexed in"
            + " %.1f s",
        small,
        smallBytes / Math.max(1, small),
        pdfs,
        pdfBytes / Math.max(1, pdfs),
        (System.nanoTime() - fillStart) / 1e9);

    final Map<String, Double> median = new HashMap<>();
    // -Dbench.parts=intake,latency runs only those (default: all)
    final List<String> parts =
        List.of(System.getProperty("bench.parts", "raw,intake,camel,latency").split(","));
    for (final String folder : List.of("Small", "Pdf")) {
      final int n = folder.equals("Small") ? small : pdfs;
      median.put("raw " + folder, Double.NaN);
      median.put("raw+kafka " + folder, Double.NaN);
      median.put("intake " + folder, Double.NaN);
      median.put("camel " + folder, Double.NaN);
      if (parts.contains("raw")) {
        median.put(
            "raw " + folder,
            measure("raw fetch      " + folder, runs, () -> rawFetch(folder, n, null)));
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
          median.put(
              "raw+kafka " + folder,
              measure("raw fetch+send " + folder, runs, () -> rawFetch(folder, n, producer)));
        }
      }
      if (parts.contains("intake")) {
        final int[] run = {0};
        median.put(
            "intake " + folder,
            measure("intake         " + folder, runs, () -> intake(folder, n, ++run[0])));
      }
      if (parts.contains("camel")) {
        median.put(
            "camel " + folder,
            measure("camel route    " + folder, camelRuns, () -> camel(folder, n)));
      }
    }
    line("");
    for (final String folder : List.of("Small", "Pdf")) {
      final double raw = median.get("raw " + folder);
      final double intake = median.get("intake " + folder);
      final double camel = median.get("camel " + folder);
      line(
          "%-5s raw %7.0f/s  raw+kafka %7.0f/s  intake %7.0f/s  camel %7.0f/s  intake/raw %.2f"
              + "  intake/camel %.1f",
          folder,
          raw,
          median.get("raw+kafka " + folder),
          intake,
          camel,
          intake / raw,
          intake / camel);
    }
    if (parts.contains("latency")) {
      latency(samples, "idle");
      latency(samples, "idle-check");
      latency(samples / 4, "poll");
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "benchmark.txt"), report, StandardCharsets.UTF_8);
  }

  private interface Run {
    double messagesPerSecond() throws Exception;
  }

  private double measure(final String what, final int runs, final Run run) throws Exception {
    final List<Double> rates = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      rates.add(run.messagesPerSecond());
    }
    final List<Double> sorted = rates.stream().sorted().toList();
    final double median = sorted.get(sorted.size() / 2);
    line(
        "%s: median %.0f messages/s over %d runs %s",
        what,
        median,
        runs,
        rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    return median;
  }

  // ------------------------------------------------------------------ (a) raw fetch loop

  /** UID FETCH lo:hi (UID BODY.PEEK[]) in batches of 200, optionally producing each message. */
  private double rawFetch(final String folder, final int expected, final KafkaProducer<byte[], byte[]> producer)
      throws Exception {
    final Store store = dovecot.connect("intake", SECRET);
    try {
      final IMAPFolder f = (IMAPFolder) store.getFolder(folder);
      final long begin = System.nanoTime();
      f.open(Folder.READ_ONLY);
      final long uidNext = f.getUIDNext();
      long count = 0;
      for (long lo = 1; lo < uidNext; lo += FETCH_BATCH) {
        final String range = lo + ":" + Math.min(lo + FETCH_BATCH - 1, uidNext - 1);
        final Response[] responses =
            (Response[])
                f.doCommand(p -> p.command("UID FETCH " + range + " (UID BODY.PEEK[])", null));
        for (final Response r : responses) {
          if (r instanceof FetchResponse fr) {
            final BODY body = fr.getItem(BODY.class);
            if (body != null) {
              final byte[] bytes = body.getByteArray().getNewBytes();
              count++;
              if (producer != null) {
                producer.send(new ProducerRecord<>("bench-raw", null, bytes));
              }
            }
          }
        }
      }
      if (producer != null) {
        producer.flush();
      }
      final double seconds = (System.nanoTime() - begin) / 1e9;
      f.close(false);
      if (count != expected) {
        throw new IllegalStateException("raw fetch read " + count + " of " + expected);
      }
      return count / seconds;
    } finally {
      store.close();
    }
  }

  private KafkaProducer<byte[], byte[]> rawProducer() {
    final Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("acks", "all");
    props.put("linger.ms", 5);
    props.put("max.request.size", 52_000_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  // ------------------------------------------------------------------ (b) Camel

  private double camel(final String folder, final int expected) throws Exception {
    markUnseen("camel", folder);
    final AtomicLong done = new AtomicLong();
    final String imap =
        "imap://"
            + dovecot.host()
            + ":"
            + dovecot.imapPort()
            + "?username=camel&password="
            + SECRET
            + "&folderName="
            + folder
            + "&unseen=true&peek=true&delete=false&mapMailMessage=false&closeFolder=false"
            + "&maxMessagesPerPoll=200&initialDelay=0&delay=10&connectionTimeout=30000";
    final String toKafka =
        "kafka:bench-camel?brokers="
            + kafka.bootstrapServers()
            + "&requestRequiredAcks=all&lingerMs=5&maxRequestSize=52000000"
            + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
    final CamelContext context = new DefaultCamelContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(imap)
                .process(
                    e -> {
                      final Message m = e.getIn(MailMessage.class).getMessage();
                      final ByteArrayOutputStream out = new ByteArrayOutputStream();
                      m.writeTo(out);
                      e.getIn().setBody(out.toByteArray());
                      e.getIn().removeHeaders("*");
                    })
                .to(toKafka)
                .process(e -> done.incrementAndGet());
          }
        });
    final long begin = System.nanoTime();
    context.start();
    final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (done.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    final double seconds = (System.nanoTime() - begin) / 1e9;
    context.stop();
    if (done.get() < expected) {
      throw new IllegalStateException("camel delivered " + done.get() + " of " + expected);
    }
    return expected / seconds;
  }

  private void markUnseen(final String user, final String folder) throws Exception {
    final Store store = dovecot.connect(user, SECRET);
    try {
      final Folder f = store.getFolder(folder);
      f.open(Folder.READ_WRITE);
      f.setFlags(1, f.getMessageCount(), new Flags(Flags.Flag.SEEN), false);
      f.close(false);
    } finally {
      store.close();
    }
  }

  // ------------------------------------------------------------------ (c) intake

  private Map<String, Object> intakeConfig(final String user, final String folder, final String name) {
    final Map<String, Object> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    m.put("imap.host", dovecot.host());
    m.put("imap.port", String.valueOf(dovecot.imapPort()));
    m.put("imap.protocol", "imap");
    m.put("imap.user", user);
    m.put("imap.password", SECRET);
    m.put("imap.folder", folder);
    m.put("intake.mailbox.name", name);
    m.put("receipt.enabled", "false");
    m.put("ops.http.port", "-1"); // a service elsewhere on the machine may hold the default port
    System.getProperties()
        .forEach(
            (k, v) -> {
              // -Dbench.intake.intake.batch.size=200 passes intake.batch.size=200
              if (k.toString().startsWith("bench.intake.")) {
                m.put(k.toString().substring("bench.intake.".length()), v.toString());
              }
            });
    return m;
  }

  private double intake(final String folder, final int expected, final int run) throws Exception {
    // a new mailbox name per run: no checkpoint, the whole folder is new to it
    final IntakeConfig config =
        IntakeConfig.from(intakeConfig("intake", folder, "bench-" + folder + "-" + run));
    final long begin = System.nanoTime();
    try (IntakeService service = IntakeService.start(config)) {
      final long started = System.nanoTime();
      final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (service.submissionCount() + service.deadLetterCount() < expected
          && System.nanoTime() < deadline
          && service.isRunning()) {
        Thread.sleep(5);
      }
      final long end = System.nanoTime();
      if (service.submissionCount() + service.deadLetterCount() < expected) {
        throw new IllegalStateException(
            "intake committed " + service.submissionCount() + " of " + expected);
      }
      line(
          "  intake run %d: start-up %d ms, %d submissions, %d dead letters, %.1f s after start",
          run,
          (started - begin) / 1_000_000,
          service.submissionCount(),
          service.deadLetterCount(),
          (end - started) / 1e9);
      return expected / ((end - started) / 1e9);
    }
  }

  // ------------------------------------------------------------------ latency

  /**
   * With IDLE (production defaults), IDLE with a check every 100 ms while idle, or polling every
   * 100 ms without IDLE; each run on a mailbox of its own.
   */
  private void latency(final int samples, final String mode) throws Exception {
    final String user = "latency-" + mode;
    dovecot.addUser(user, SECRET);
    final Map<String, Long> arrived = new ConcurrentHashMap<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread reader =
        new Thread(
            () -> {
              final Map<String, Object> props = new HashMap<>();
              props.put("bootstrap.servers", kafka.bootstrapServers());
              props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
              props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
              final var values = Topics.SUBMISSIONS_RECEIVED.valueSerde().deserializer();
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(
                      props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                final String topic = Topics.SUBMISSIONS_RECEIVED.name();
                final List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                synchronized (arrived) {
                  arrived.notifyAll();
                }
                while (!stop.get()) {
                  for (final var r : consumer.poll(Duration.ofMillis(5))) {
                    final long now = System.nanoTime();
                    final SubmissionReceived s = values.deserialize(topic, r.value());
                    arrived.put(s.getSubject(), now);
                  }
                }
              }
            },
            "bench-latency-reader");
    synchronized (arrived) {
      reader.start();
      arrived.wait(30_000);
    }
    final Map<String, Object> values = intakeConfig(user, "INBOX", "bench-" + user);
    if (mode.equals("poll")) {
      values.put("imap.idle", "false");
    }
    if (!mode.equals("idle")) {
      values.put("imap.poll.interval.ms", "100");
    }
    final IntakeConfig config = IntakeConfig.from(values);
    final List<Long> micros = new ArrayList<>();
    final Store store = dovecot.connect(user, SECRET);
    try (IntakeService service = IntakeService.start(config)) {
      final Folder inbox = store.getFolder("INBOX");
      final Session session = Session.getInstance(dovecot.imapProperties());
      final Random random = new Random(7);
      Thread.sleep(500);
      for (int i = 0; i < samples + 10; i++) {
        final String subject = user + " " + i;
        final byte[] raw =
            plain("lat-" + i + "@example.org", subject, words(random, 2_000), "lat-" + i);
        final MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
        final long sent = System.nanoTime();
        inbox.appendMessages(new Message[] {m});
        final long deadline = sent + Duration.ofSeconds(10).toNanos();
        while (!arrived.containsKey(subject) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        final Long at = arrived.get(subject);
        if (at == null) {
          throw new IllegalStateException("no record for " + subject + " in 10 s");
        }
        if (i >= 10) { // the first few warm up the JIT and Tika
          micros.add((at - sent) / 1_000);
        }
        Thread.sleep(20);
      }
    } finally {
      store.close();
      stop.set(true);
      reader.join();
    }
    final List<Long> sorted = micros.stream().sorted().toList();
    line(
        "%s latency, APPEND to committed record (read_committed), %d samples: p50 %.1f ms,"
            + " p90 %.1f ms, p99 %.1f ms, max %.1f ms",
        switch (mode) {
          case "idle" -> "IDLE";
          case "idle-check" -> "IDLE + check every 100 ms";
          default -> "Polling every 100 ms";
        },
        sorted.size(),
        percentile(sorted, 50) / 1000.0,
        percentile(sorted, 90) / 1000.0,
        percentile(sorted, 99) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
  }

  private static long percentile(final List<Long> sorted, final int p) {
    final int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  // ------------------------------------------------------------------ mailbox content

  /** Opens the folder once so Dovecot moves new/ to cur/ and builds its index before timing. */
  private void warm(final String user, final String folder) throws Exception {
    final Store store = dovecot.connect(user, SECRET);
    try {
      final Folder f = store.getFolder(folder);
      f.open(Folder.READ_WRITE);
      final var fp = new jakarta.mail.FetchProfile();
      fp.add(jakarta.mail.FetchProfile.Item.FLAGS);
      fp.add(jakarta.mail.UIDFolder.FetchProfileItem.UID);
      f.fetch(f.getMessages(), fp);
      f.close(false);
    } finally {
      store.close();
    }
  }

  private static final String[] WORDS =
      ("the working group member states capacity building international law norms responsible"
              + " behaviour cyberspace confidence measures critical infrastructure ransomware"
              + " stakeholders consultation submission proposal paragraph draft report session"
              + " chair delegation supports welcomes recalls encourages information security")
          .split(" ");

  private static String words(final Random random, final int chars) {
    final StringBuilder sb = new StringBuilder(chars + 16);
    int line = 0;
    while (sb.length() < chars) {
      final String w = WORDS[random.nextInt(WORDS.length)];
      sb.append(w);
      line += w.length() + 1;
      if (line > 70) {
        sb.append("\r\n");
        line = 0;
      } else {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  private static byte[] smallMessage(final Random random, final int i) {
    return plain(
        "sender-" + i + "@example.org",
        "Input " + i + " on the draft report",
        words(random, 1_700 + random.nextInt(3_000)),
        "small-" + i);
  }

  private static byte[] plain(
      final String from, final String subject, final String body, final String id) {
    return ("From: Sender <"
            + from
            + ">\r\nTo: inputs@oewg.example.org\r\nSubject: "
            + subject
            + "\r\nDate: Mon, 04 Mar 2024 10:15:00 +0100\r\nMessage-ID: <"
            + id
            + "@bench.example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Messages with a PDF of about 200 KB (a page of text and a noise image), each PDF distinct (its
   * own text and image), so nothing is measured on a cache.
   */
  private static List<byte[]> pdfMessages(final Random random, final int count) {
    final BufferedImage noise = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 256; x++) {
      for (int y = 0; y < 256; y++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    final List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 64; p++) {
        noise.setRGB(random.nextInt(256), random.nextInt(256), random.nextInt(0x1000000));
      }
      final String pdf =
          TestMail.base64Lines(pdf(noise, "Proposal " + i + ": " + words(random, 600)));
      final String mime =
          "From: Delegation <pdf-"
              + i
              + "@example.org>\r\nTo: inputs@oewg.example.org\r\nSubject: Written input "
              + i
              + "\r\nDate: Mon, 04 Mar 2024 10:15:00 +0100\r\nMessage-ID: <pdf-"
              + i
              + "@bench.example.org>\r\nMIME-Version: 1.0\r\n"
              + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
              + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
              + words(random, 400)
              + "\r\n--b1\r\nContent-Type: application/pdf; name=\"input.pdf\"\r\n"
              + "Content-Disposition: attachment; filename=\"input.pdf\"\r\n"
              + "Content-Transfer-Encoding: base64\r\n\r\n"
              + pdf
              + "\r\n--b1--\r\n";
      out.add(mime.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] pdf(final BufferedImage image, final String text) {
    try (PDDocument doc = new PDDocument()) {
      final PDPage page = new PDPage();
      doc.addPage(page);
      final PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
        content.newLineAtOffset(50, 740);
        for (final String l : text.split("\r\n")) {
          content.showText(l);
          content.newLineAtOffset(0, -12);
        }
        content.endText();
        content.drawImage(xobject, 50, 50, 256, 256);
      }
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void line(final String format, final Object... args) {
    final String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    report.append(s).append('\n');
  }
}
