package org.inputdesk.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.inputdesk.publisher.export.Exporter;
import org.inputdesk.publisher.render.SiteLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code inputdesk export --out DIR}: a static copy of the public pages, feeds and attachments. */
@Command(
    name = "export",
    description =
        "Write a static copy of the public site (pages, feeds, attachments, relative links)"
            + " from the topics, rewriting only what changed since the last export into DIR.",
    mixinStandardHelpOptions = true)
public final class ExportCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where the site goes.")
  Path out;

  @Option(
      names = "--public-url",
      defaultValue = "https://example.org/",
      description =
          "Absolute address the copy will be served at, for the feeds' links (default: ${DEFAULT-VALUE}).")
  URI publicUrl;

  @Override
  public Integer call() throws Exception {
    final Exporter.Result result =
        Exporter.fromTopics(kafka.clientProps(), new SiteLinks(publicUrl), out);
    System.out.println("exported to " + out + ": " + result);
    return 0;
  }
}
