package org.inputdesk.intake.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.inputdesk.intake.mime.AttachmentExtractor;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.intake.pipeline.SubmissionIds;
import org.inputdesk.intake.pipeline.SubmissionWriter;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextPart;

/**
 * Import: reads email files, directories, mbox files and maildirs through the same {@link
 * MimeReader} intake uses and writes one JSON line per message (outcome, reason, id, subject,
 * sender, charsets, text length, attachments; when submitting also consultation, tracking number
 * and late flag) and a closing summary line. Dry run needs no broker; with an {@link
 * ImportSubmitter} each message is submitted through intake's commit path, in transactions of up to
 * {@link #BATCH_MESSAGES} messages. Ids are {@link SubmissionIds#ofImport}: the same file imported
 * again under the same name is skipped. Reads the files given; writes the report and progress.
 */
public final class ImportRunner {

  /** Counts of one run. */
  public record Summary(
      int messages, int accepted, int rejected, int skipped, Map<String, Integer> reasons) {}

  /** One message to read: where it came from and its bytes (null when the file is unreadable). */
  public record Source(String name, byte[] bytes, String error) {
    public Source(final String name, final byte[] bytes) {
      this(name, bytes, null);
    }
  }

  /** Most messages per Kafka transaction when submitting. */
  static final int BATCH_MESSAGES = 100;

  /** Most message bytes per Kafka transaction when submitting (one message at least). */
  static final long BATCH_BYTES = 32L * 1024 * 1024;

  private static final JsonFactory JSON = new JsonFactory();
  private static final java.util.regex.Pattern MBOX_FROM =
      java.util.regex.Pattern.compile("From [^\\s:]+\\s");

  private final MimeReader reader;
  private final Duration perMessageTimeout;
  private final String name;

  /** A runner with the import name {@code import}. */
  public ImportRunner(final MimeReader reader, final Duration perMessageTimeout) {
    this(reader, perMessageTimeout, "import");
  }

  /**
   * @param name the import's name, part of every id ({@link SubmissionIds#ofImport}) and of its
   *     checkpoint and transactional id
   */
  public ImportRunner(
      final MimeReader reader, final Duration perMessageTimeout, final String name) {
    this.reader = reader;
    this.perMessageTimeout = perMessageTimeout;
    this.name = name;
  }

  /** Dry run: reads every message under the inputs and reports each to {@code report}. */
  public Summary run(final List<Path> inputs, final Writer report) throws IOException {
    return run(inputs, report, null, null);
  }

  /** One read message waiting for its batch to be committed. */
  private record Pending(Source source, String id, MimeReader.Result result, String reason) {}

  /**
   * Reads every message under the inputs; with a submitter, submits each not yet on the topics;
   * reports each to {@code report} and, when given, progress to {@code progress}.
   */
  public Summary run(
      final List<Path> inputs,
      final Writer report,
      final ImportSubmitter submitter,
      final java.io.PrintStream progress)
      throws IOException {
    final int[] counts = new int[3]; // accepted, rejected, skipped
    final Map<String, Integer> reasons = new TreeMap<>();
    // one file in memory at a time: an archive may be larger than the heap
    final List<Path> files = files(inputs);
    final List<Pending> batch = new ArrayList<>();
    final java.util.Set<String> seen = new java.util.HashSet<>();
    long batchBytes = 0;
    int done = 0;
    int filesDone = 0;
    ExecutorService current = newReader();
    try {
      for (final Path file : files) {
        filesDone++;
        final List<Source> sources = new ArrayList<>();
        addFile(file, sources);
        for (final Source source : sources) {
          done++;
          if (source.bytes() == null) {
            counts[1]++;
            reasons.merge("unreadable", 1, Integer::sum);
            writeLine(report, source, null, null, "unreadable: " + source.error(), "rejected");
            continue;
          }
          final String id = SubmissionIds.ofImport(name, source.bytes());
          if (submitter != null && (submitter.isKnown(id) || !seen.add(id))) {
            counts[2]++;
            writeLine(report, source, id, null, "already imported", "skipped");
            continue;
          }
          final Future<MimeReader.Result> future =
              current.submit(() -> reader.read(source.bytes(), null));
          String reason = null;
          MimeReader.Result result = null;
          try {
            result = future.get(perMessageTimeout.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            future.cancel(true);
            reason = "timeout: not read in " + perMessageTimeout.toMillis() + " ms";
            // the stuck reader keeps its thread; later messages get a fresh one
            current.shutdownNow();
            current = newReader();
          } catch (ExecutionException e) {
            reason =
                e.getCause() instanceof MimeReader.RejectedException r
                    ? r.getMessage()
                    : "error: " + AttachmentExtractor.describe(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", e);
          }
          if (result != null) {
            counts[0]++;
            final SubmissionReceived s = result.submission();
            s.setId(id);
            s.setSource(new MailSource(SourceKind.IMPORT, source.name(), null, null));
          } else {
            counts[1]++;
            reasons.merge(reasonKey(reason), 1, Integer::sum);
          }
          batch.add(new Pending(source, id, result, reason));
          batchBytes += source.bytes().length;
          if (submitter == null || batch.size() >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) {
            flush(batch, report, submitter);
            batchBytes = 0;
            progress(progress, done, filesDone, files.size(), counts);
          }
        }
      }
      flush(batch, report, submitter);
      progress(progress, done, filesDone, files.size(), counts);
    } finally {
      current.shutdownNow();
    }
    final Summary summary =
        new Summary(counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2], reasons);
    writeSummary(report, summary);
    report.flush();
    return summary;
  }

  private static ExecutorService newReader() {
    return Executors.newSingleThreadExecutor(
        r -> {
          final Thread t = new Thread(r, "import-reader");
          t.setDaemon(true);
          return t;
        });
  }

  /** Submits the batch (when submitting), then reports its messages. */
  private void flush(
      final List<Pending> batch, final Writer report, final ImportSubmitter submitter)
      throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    if (submitter != null) {
      final List<SubmissionWriter.Entry> entries = new ArrayList<>();
      for (final Pending p : batch) {
        entries.add(
            new SubmissionWriter.Entry(
                p.id(),
                "import " + p.id(),
                p.source().bytes(),
                p.result(),
                p.reason(),
                false,
                Map.of("import", name, "file", p.source().name())));
      }
      submitter.submit(entries);
    }
    for (final Pending p : batch) {
      writeLine(
          report,
          p.source(),
          p.id(),
          p.result(),
          p.reason(),
          p.result() != null ? "accepted" : "rejected");
    }
    report.flush();
    batch.clear();
  }

  private static void progress(
      final java.io.PrintStream out,
      final int messages,
      final int filesDone,
      final int files,
      final int[] counts) {
    if (out != null) {
      out.printf(
          "import: %d messages from %d/%d files (%d accepted, %d rejected, %d already imported)%n",
          messages, filesDone, files, counts[0], counts[1], counts[2]);
    }
  }

  private static String reasonKey(final String reason) {
    final int colon = reason.indexOf(':');
    return colon > 0 ? reason.substring(0, colon) : reason;
  }

  /** The messages under the inputs: single files, mbox files split, maildirs, directory trees. */
  public static List<Source> sources(final List<Path> inputs) throws IOException {
    final List<Source> out = new ArrayList<>();
    for (final Path file : files(inputs)) {
      addFile(file, out);
    }
    return out;
  }

  /** The files under the inputs, in order: each file given, a maildir's, a directory tree's. */
  static List<Path> files(final List<Path> inputs) throws IOException {
    final List<Path> out = new ArrayList<>();
    for (final Path input : inputs) {
      if (Files.isDirectory(input)) {
        final boolean maildir =
            Files.isDirectory(input.resolve("cur")) && Files.isDirectory(input.resolve("new"));
        final List<Path> files;
        try (Stream<Path> walk =
            maildir
                ? Stream.concat(Files.list(input.resolve("cur")), Files.list(input.resolve("new")))
                : Files.walk(input)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        out.addAll(files);
      } else {
        out.add(input);
      }
    }
    return out;
  }

  private static void addFile(final Path file, final List<Source> out) {
    final byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      // reported as one unreadable message; the others are still imported
      out.add(new Source(file.toString(), null, e.toString()));
      return;
    }
    if (isMbox(bytes)) {
      final List<byte[]> messages = splitMbox(bytes);
      for (int i = 0; i < messages.size(); i++) {
        out.add(new Source(file + "#" + (i + 1), messages.get(i)));
      }
    } else {
      out.add(new Source(file.toString(), bytes));
    }
  }

  private static boolean isMbox(final byte[] bytes) {
    // "From sender date", not the obsolete header form "From  : name <address>"
    final String start =
        new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
    return MBOX_FROM.matcher(start).lookingAt();
  }

  /**
   * Splits at "From " lines after a blank line (or at the start), undoing mboxrd ">From " quoting.
   */
  static List<byte[]> splitMbox(final byte[] bytes) {
    final String all = new String(bytes, StandardCharsets.ISO_8859_1);
    final List<byte[]> out = new ArrayList<>();
    ByteArrayOutputStream current = null;
    boolean previousBlank = true;
    for (final String line : all.split("(?<=\n)")) {
      final String bare = line.replaceAll("\r?\n$", "");
      if (previousBlank && bare.startsWith("From ")) {
        if (current != null) {
          out.add(withoutSeparator(current.toByteArray()));
        }
        current = new ByteArrayOutputStream();
        previousBlank = false;
        continue;
      }
      previousBlank = bare.isEmpty();
      if (current != null) {
        final String unquoted = bare.matches("^>+From .*") ? line.substring(1) : line;
        current.writeBytes(unquoted.getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    if (current != null) {
      out.add(current.toByteArray());
    }
    return out;
  }

  /** A message without the blank line that separates it from the next "From " line. */
  private static byte[] withoutSeparator(final byte[] message) {
    int end = message.length;
    if (end > 0 && message[end - 1] == '\n') {
      end--;
      if (end > 0 && message[end - 1] == '\r') {
        end--;
      }
    }
    return java.util.Arrays.copyOf(message, end);
  }

  private static void writeLine(
      final Writer report,
      final Source source,
      final String id,
      final MimeReader.Result result,
      final String reason,
      final String outcome)
      throws IOException {
    final java.io.StringWriter line = new java.io.StringWriter();
    try (JsonGenerator g = JSON.createGenerator(line)) {
      g.writeStartObject();
      g.writeStringField("file", source.name());
      g.writeStringField("outcome", outcome);
      g.writeStringField("reason", reason);
      if (id != null) {
        g.writeStringField("id", id);
      }
      if (result != null) {
        final SubmissionReceived s = result.submission();
        if (s.getTrackingNumber() != null) {
          g.writeStringField("consultation", s.getConsultationId());
          g.writeStringField("trackingNumber", s.getTrackingNumber());
          g.writeBooleanField("late", s.getLate());
        }
        g.writeStringField("subject", s.getSubject());
        g.writeStringField("from", s.getFrom().getAddress());
        g.writeArrayFieldStart("charsets");
        for (final String c : result.charsets()) {
          g.writeString(c);
        }
        g.writeEndArray();
        int textLength = 0;
        for (final TextPart p : s.getTextParts()) {
          textLength += p.getText().length();
        }
        g.writeNumberField("textLength", textLength);
        g.writeStringField("language", language(s));
        g.writeArrayFieldStart("attachments");
        for (final AttachmentRef a : s.getAttachments()) {
          g.writeStartObject();
          g.writeStringField("name", a.getFilename());
          g.writeStringField("type", a.getContentType());
          g.writeNumberField("size", a.getSize());
          g.writeStringField("status", a.getStatus().name());
          g.writeNumberField("extractedLength", a.getText() == null ? 0 : a.getText().length());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    report.write(line.toString());
    report.write('\n');
  }

  /** The language of the first text part that has one, else of the first attachment. */
  private static String language(final SubmissionReceived s) {
    for (final TextPart p : s.getTextParts()) {
      if (p.getLanguage() != null) {
        return p.getLanguage();
      }
    }
    for (final AttachmentRef a : s.getAttachments()) {
      if (a.getLanguage() != null) {
        return a.getLanguage();
      }
    }
    return null;
  }

  private static void writeSummary(final Writer report, final Summary summary) throws IOException {
    final java.io.StringWriter line = new java.io.StringWriter();
    try (JsonGenerator g = JSON.createGenerator(line)) {
      g.writeStartObject();
      g.writeBooleanField("summary", true);
      g.writeNumberField("messages", summary.messages());
      g.writeNumberField("accepted", summary.accepted());
      g.writeNumberField("rejected", summary.rejected());
      g.writeNumberField("skipped", summary.skipped());
      g.writeObjectFieldStart("reasons");
      for (final var e : summary.reasons().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    report.write(line.toString());
    report.write('\n');
  }
}
