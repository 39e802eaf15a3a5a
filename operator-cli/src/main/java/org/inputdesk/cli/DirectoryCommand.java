package org.inputdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inputdesk directory apply|lookup|remove}: who stands behind an address or a domain. Every
 * entry is checked before anything is written: key format, sender type, country.
 */
@Command(
    name = "directory",
    description =
        "Maintain the sender directory: address or @domain -> type, organisation, country.",
    mixinStandardHelpOptions = true,
    subcommands = {
      DirectoryCommand.Apply.class,
      DirectoryCommand.Lookup.class,
      DirectoryCommand.Remove.class
    })
public final class DirectoryCommand {

  @Command(
      name = "apply",
      description =
          "Write directory entries from YAML files, each checked first: key an address or"
              + " @domain, senderType of the codebook, country ISO 3166-1 alpha-3.",
      mixinStandardHelpOptions = true)
  static final class Apply implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "FILE.yaml")
    List<Path> files;

    @Option(names = "--by", description = "Who makes the change (default: the system user).")
    String by = System.getProperty("user.name");

    @Override
    public Integer call() throws IOException {
      final List<SenderDirectoryEntry> entries = new ArrayList<>();
      for (final Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          entries.addAll(ConsultationFiles.readDirectory(in, file.toString(), by));
        }
      }
      ReferenceData.applyDirectory(kafka.clientProps(), entries);
      System.out.println("applied " + entries.size() + " directory entries");
      return 0;
    }
  }

  /** Finds the entry that decides an address: the address itself, else its domain and parents. */
  @Command(
      name = "lookup",
      description = "Show the entry that applies to an address.",
      mixinStandardHelpOptions = true)
  static final class Lookup implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "ADDRESS")
    String address;

    @Option(names = "--json", description = "As JSON.")
    boolean json;

    @Override
    public Integer call() {
      final Map<String, SenderDirectoryEntry> all =
          TopicReader.latest(kafka.clientProps(), Topics.SENDER_DIRECTORY);
      for (final String key : candidates(address)) {
        final SenderDirectoryEntry e = all.get(key);
        if (e != null) {
          System.out.println(
              json
                  ? Json.avro(e)
                  : key
                      + " -> "
                      + e.getSenderType()
                      + (e.getOrganisation() == null ? "" : ", " + e.getOrganisation())
                      + (e.getCountry() == null ? "" : ", " + e.getCountry()));
          return 0;
        }
      }
      System.out.println(
          "no entry for " + address + " (checked " + String.join(", ", candidates(address)) + ")");
      return 1;
    }
  }

  /** Deletes an entry (a tombstone): the classifier decides such senders by itself again. */
  @Command(
      name = "remove",
      description = {
        "Delete a directory entry; senders it covered are resolved again without it (a replay"
            + " applies that to earlier inputs). Recorded with who, when and why."
      },
      mixinStandardHelpOptions = true)
  static final class Remove implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(paramLabel = "ADDRESS|@DOMAIN", description = "The entry's key, as applied.")
    String key;

    @Option(names = "--reason", required = true, description = "Why; kept with the deletion.")
    String reason;

    @Option(names = "--by", description = "Who (default: the system user).")
    String by = System.getProperty("user.name");

    @Override
    public Integer call() {
      final String k = ConsultationFiles.directoryKey("ADDRESS|@DOMAIN", key);
      final Map<String, Object> props = kafka.clientProps();
      final Map<String, SenderDirectoryEntry> all =
          TopicReader.latest(props, Topics.SENDER_DIRECTORY);
      final SenderDirectoryEntry entry = all.get(k);
      if (entry == null) {
        throw new Refusal(
            "no directory entry '"
                + k
                + "'"
                + Refusal.nearest(k, all.keySet())
                    .map(n -> "; did you mean '" + n + "'?")
                    .orElse("")
                + " (inputdesk directory lookup ADDRESS shows which entry decides an address)");
      }
      final Audit audit = Audit.now("remove", by, reason);
      ReferenceData.removeDirectoryEntry(props, k, audit);
      System.out.println(
          "removed directory entry "
              + k
              + " (was "
              + entry.getSenderType()
              + (entry.getOrganisation() == null ? "" : ", " + entry.getOrganisation())
              + ")");
      audit.log(k);
      return 0;
    }
  }

  /** The keys that may decide an address, most specific first. */
  static List<String> candidates(final String address) {
    final String a = address.trim().toLowerCase(Locale.ROOT);
    final List<String> out = new ArrayList<>();
    String domain = a;
    if (a.contains("@") && !a.startsWith("@")) {
      out.add(a);
      domain = a.substring(a.indexOf('@') + 1);
    } else if (a.startsWith("@")) {
      domain = a.substring(1);
    }
    while (domain.contains(".")) {
      out.add("@" + domain);
      domain = domain.substring(domain.indexOf('.') + 1);
    }
    return out;
  }
}
