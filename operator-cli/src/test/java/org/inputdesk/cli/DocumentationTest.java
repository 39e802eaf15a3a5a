package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.inputdesk.schemas.Settings;
import org.junit.jupiter.api.Test;

/** README and docker-compose.yml stay true to the keys the services define. */
class DocumentationTest {

  private static Path root() {
    Path at = Path.of("").toAbsolutePath();
    while (at != null && !Files.exists(at.resolve("mvnw"))) {
      at = at.getParent();
    }
    return at;
  }

  @Test
  void shouldDocumentEveryConfigurationKeyInTheReadme() throws Exception {
    final String readme = Files.readString(root().resolve("README.md"));
    ConfigCommand.definitions()
        .forEach(
            (service, def) ->
                def.names()
                    .forEach(
                        key ->
                            assertThat(readme)
                                .as("README documents %s of %s", key, service)
                                .contains("`" + key + "`")));
  }

  @Test
  void shouldBeAValidComposeFile() throws Exception {
    final boolean available =
        java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "docker-compose")));
    // .ci/run installs Debian's docker-compose: there the check must run, not skip
    assertThat(available || System.getenv("INPUTDESK_CI") == null)
        .as("docker-compose is missing in CI (.ci/run installs the Debian package docker-compose)")
        .isTrue();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        available,
        "docker-compose is not installed (Debian package docker-compose): compose file not"
            + " validated");
    final ProcessBuilder pb =
        new ProcessBuilder("docker-compose", "config", "-q")
            .directory(root().toFile())
            .redirectErrorStream(true);
    pb.environment()
        .putAll(
            Map.of(
                "IMAP_HOST",
                "imap.example.org",
                "IMAP_USER",
                "inputs",
                "IMAP_PASSWORD",
                "x",
                "OPS_TOKEN",
                "t"));
    final Process p = pb.start();
    final String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void shouldSetOnlyDefinedKeysInDockerCompose() throws Exception {
    final JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(root().resolve("docker-compose.yml").toFile());
    final Map<String, ConfigDef> defs = ConfigCommand.definitions();
    for (final String service : new String[] {"intake", "classifier", "publisher"}) {
      final ConfigDef def = defs.get(service + "-service");
      final JsonNode env = compose.path("services").path(service).path("environment");
      assertThat(env.isObject()).as("environment of %s", service).isTrue();
      env.fieldNames()
          .forEachRemaining(
              name -> {
                if (name.startsWith(Settings.ENV_PREFIX) && !name.startsWith("INPUTDESK_KAFKA_")) {
                  assertThat(def.names())
                      .as("%s sets %s", service, name)
                      .contains(Settings.toKey(name));
                }
              });
    }
  }
}
