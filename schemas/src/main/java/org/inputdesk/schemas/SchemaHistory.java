package org.inputdesk.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every version of each record schema that ever wrote to a topic, kept as resources {@code
 * org/inputdesk/schemas/history/NAME/vN.avsc} (N from 1, no gaps). A schema change adds a version;
 * none is ever edited or removed, so old records stay readable.
 */
public final class SchemaHistory {

  /** The records written to topics as top-level values. */
  public static final List<Class<? extends SpecificRecord>> RECORDS =
      List.of(
          SubmissionReceived.class,
          Attachment.class,
          Consultation.class,
          SenderDirectoryEntry.class,
          SubmissionCorrection.class,
          SubmissionClassified.class,
          MailboxCheckpoint.class,
          DeadLetterState.class,
          SubmissionKey.class);

  private static final String ROOT = "org/inputdesk/schemas/history/";

  private SchemaHistory() {}

  /** Past and present versions of the named record, oldest first. */
  public static List<Schema> versions(final String recordName) {
    final List<Schema> out = new ArrayList<>();
    final ClassLoader loader = SchemaHistory.class.getClassLoader();
    for (int v = 1; ; v++) {
      try (InputStream in = loader.getResourceAsStream(ROOT + recordName + "/v" + v + ".avsc")) {
        if (in == null) {
          return out;
        }
        out.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The fingerprint Avro's single-object encoding puts in front of each record. */
  public static long fingerprint(final Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * Adds the current schema of each record to the history under {@code resources} when no kept
   * version has its fingerprint. Run after changing an .avsc: {@code mvn -pl schemas compile
   * exec:java} or from the IDE with the module's {@code src/main/resources} as argument.
   */
  public static void main(final String[] args) throws IOException {
    final Path resources = Path.of(args.length > 0 ? args[0] : "schemas/src/main/resources");
    for (final Class<? extends SpecificRecord> type : RECORDS) {
      final Schema current = SpecificData.getForClass(type).getSchema(type);
      final List<Schema> kept = versions(current.getName());
      final boolean known = kept.stream().anyMatch(s -> fingerprint(s) == fingerprint(current));
      if (!known) {
        final Path file =
            resources.resolve(ROOT + current.getName() + "/v" + (kept.size() + 1) + ".avsc");
        Files.createDirectories(file.getParent());
        Files.writeString(file, current.toString(true) + "\n");
        System.out.println("added " + file);
      }
    }
  }
}
