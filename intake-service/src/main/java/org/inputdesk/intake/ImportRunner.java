package org.inputdesk.intake;

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
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextPart;

/**
 * Dry-run import: reads email files, directories, mbox files and maildirs through the same {@link
 * MimeReader} intake uses and writes one JSON line per message (outcome, reason, subject, sender,
 * charsets, text length, attachments) and a closing summary line. Reads the files given; writes the
 * report. Needs no broker.
 */
public final class ImportRunner {

  /** Counts of one run. */
  public record Summary(int messages, int accepted, int rejected, Map<String, Integer> reasons) {}

  /** One message to read: where it came from and its bytes. */
  public record Source(String name, byte[] bytes) {}

  private static final JsonFactory JSON = new JsonFactory();
  private static final java.util.regex.Pattern MBOX_FROM =
      java.util.regex.Pattern.compile("From [^\\s:]+\\s");

  private final MimeReader reader;
  private final Duration perMessageTimeout;

  public ImportRunner(final MimeReader reader, final Duration perMessageTimeout) {
    this.reader = reader;
    this.perMessageTimeout = perMessageTimeout;
  }

  /** Reads every message under the inputs and reports each to {@code report}. */
  public Summary run(final List<Path> inputs, final Writer report) throws IOException {
    int accepted = 0;
    int rejected = 0;
    final Map<String, Integer> reasons = new TreeMap<>();
    final ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              final Thread t = new Thread(r, "import-reader");
              t.setDaemon(true);
              return t;
            });
    ExecutorService current = pool;
    try {
      for (final Source source : sources(inputs)) {
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
          current = Executors.newSingleThreadExecutor();
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
          accepted++;
        } else {
          rejected++;
          reasons.merge(reasonKey(reason), 1, Integer::sum);
        }
        writeLine(report, source, result, reason);
      }
    } finally {
      current.shutdownNow();
      pool.shutdownNow();
    }
    final Summary summary = new Summary(accepted + rejected, accepted, rejected, reasons);
    writeSummary(report, summary);
    report.flush();
    return summary;
  }

  private static String reasonKey(final String reason) {
    final int colon = reason.indexOf(':');
    return colon > 0 ? reason.substring(0, colon) : reason;
  }

  /** The messages under the inputs: single files, mbox files split, maildirs, directory trees. */
  public static List<Source> sources(final List<Path> inputs) throws IOException {
    final List<Source> out = new ArrayList<>();
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
        for (final Path file : files) {
          addFile(file, out);
        }
      } else {
        addFile(input, out);
      }
    }
    return out;
  }

  private static void addFile(final Path file, final List<Source> out) throws IOException {
    final byte[] bytes = Files.readAllBytes(file);
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
          out.add(current.toByteArray());
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

  private static void writeLine(
      final Writer report, final Source source, final MimeReader.Result result, final String reason)
      throws IOException {
    final java.io.StringWriter line = new java.io.StringWriter();
    try (JsonGenerator g = JSON.createGenerator(line)) {
      g.writeStartObject();
      g.writeStringField("file", source.name());
      g.writeStringField("outcome", result != null ? "accepted" : "rejected");
      g.writeStringField("reason", reason);
      if (result != null) {
        final SubmissionReceived s = result.submission();
        g.writeStringField("id", SubmissionIds.ofImport(s.getMessageId(), source.bytes()));
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
