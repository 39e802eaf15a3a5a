package org.inputdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the local run does with its data directory is said in --help and in README alike. */
class LocalCommandHelpTest {

  @Test
  void shouldSayInHelpThatTheDataDirectoryIsResumedAndFreshStartsOver() {
    final CliRun help = CliRun.run("local", "--help");

    assertThat(help.code()).isZero();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("--data-dir", "default: .inputdesk/local", "resumes", "--fresh", "not wiped")
        .doesNotContain("wiped at start");
  }

  @Test
  void shouldSayTheSameInTheReadme() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    final String readme = Files.readString(root.resolve("README.md")).replaceAll("\\s+", " ");

    assertThat(readme)
        .contains("`.inputdesk/local` unless `--data-dir D` names another")
        .contains("`./inputdesk local` resumes")
        .contains("`--fresh` wipes the directory and starts over");
  }
}
