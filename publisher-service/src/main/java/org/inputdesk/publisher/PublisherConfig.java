package org.inputdesk.publisher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.inputdesk.ops.OpsConfig;
import org.inputdesk.schemas.Settings;

/**
 * The publisher's settings, parsed once from dotted keys (or {@code INPUTDESK_*} environment
 * variables through {@link Settings}). Reads nothing else; writes nothing.
 *
 * @param kafka Kafka client settings ({@code kafka.*} keys, prefix removed)
 * @param httpHost interface the HTTP server binds to
 * @param httpPort port the HTTP server binds to; 0 picks a free one
 * @param publicUrl absolute base URL used in feed links, ending in a slash; null means derived from
 *     the bound host and port
 * @param pageSize entries per page and feed page
 * @param exportDir directory kept current with a static copy of the site; null for none
 * @param stateDir directory of the Streams state and attachment bytes, kept across restarts; null
 *     for a temporary one removed at close
 */
public record PublisherConfig(
    Map<String, Object> kafka,
    String httpHost,
    int httpPort,
    URI publicUrl,
    int pageSize,
    Path exportDir,
    Path stateDir,
    OpsConfig ops) {

  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String PUBLIC_URL = "publisher.public.url";
  public static final String PAGE_SIZE = "publisher.page.size";
  public static final String EXPORT_DIR = "publisher.export.dir";
  public static final String STATE_DIR = "publisher.state.dir";

  public PublisherConfig {
    kafka = Map.copyOf(kafka);
  }

  /** Every key this service reads, with type, default, validator and doc. */
  public static ConfigDef definition() {
    return OpsConfig.define(Settings.withKafka(new ConfigDef()), 9403)
        .define(
            HTTP_HOST,
            ConfigDef.Type.STRING,
            "0.0.0.0",
            new ConfigDef.NonEmptyString(),
            ConfigDef.Importance.MEDIUM,
            "Interface the HTTP server listens on.")
        .define(
            HTTP_PORT,
            ConfigDef.Type.INT,
            8080,
            ConfigDef.Range.between(0, 65535),
            ConfigDef.Importance.MEDIUM,
            "Port the HTTP server listens on; 0 picks a free port.")
        .define(
            PUBLIC_URL,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.MEDIUM,
            "Absolute base URL the pages are reached at (http or https), used for links in feeds;"
                + " empty means http://HOST:PORT/ of the server itself.")
        .define(
            PAGE_SIZE,
            ConfigDef.Type.INT,
            50,
            ConfigDef.Range.between(1, 1000),
            ConfigDef.Importance.LOW,
            "Inputs per page and per feed page.")
        .define(
            EXPORT_DIR,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.LOW,
            "Directory the publisher keeps a static copy of the pages, feeds and attachments in"
                + " (rewriting only changed files); empty for none.")
        .define(
            STATE_DIR,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.LOW,
            "Directory of the publisher's Kafka Streams state (its stores and its application"
                + " id) and of attachment bytes; a restart that finds it resumes where it stopped."
                + " Empty for a temporary directory removed at shutdown with the application's"
                + " changelog topics, the stores then rebuilt from the topics at each start.");
  }

  /** Parses and validates; fails with a message naming the key and its environment variable. */
  public static PublisherConfig from(final Map<String, ?> values) {
    final AbstractConfig parsed = Settings.parse(definition(), values);
    final Map<String, Object> kafka = Settings.kafkaClientProps(values);
    kafka.put("bootstrap.servers", parsed.getString(Settings.BOOTSTRAP_SERVERS));
    return new PublisherConfig(
        kafka,
        parsed.getString(HTTP_HOST),
        parsed.getInt(HTTP_PORT),
        publicUrl(parsed.getString(PUBLIC_URL)),
        parsed.getInt(PAGE_SIZE),
        parsed.getString(EXPORT_DIR).isBlank()
            ? null
            : Path.of(parsed.getString(EXPORT_DIR).trim()),
        path(parsed.getString(STATE_DIR)),
        OpsConfig.from(parsed));
  }

  private static Path path(final String value) {
    return value == null || value.isBlank() ? null : Path.of(value.trim());
  }

  private static URI publicUrl(final String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    final URI uri;
    try {
      uri = URI.create(value.trim().endsWith("/") ? value.trim() : value.trim() + "/");
    } catch (IllegalArgumentException e) {
      throw invalidUrl(value, "not a URL");
    }
    if (!uri.isAbsolute()
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw invalidUrl(value, "must be an absolute http or https URL");
    }
    return uri;
  }

  private static ConfigException invalidUrl(final String value, final String why) {
    return new ConfigException(
        "invalid configuration: "
            + PUBLIC_URL
            + "="
            + value
            + ": "
            + why
            + " (set it as a key or as the environment variable "
            + Settings.toEnv(PUBLIC_URL)
            + ")");
  }
}
