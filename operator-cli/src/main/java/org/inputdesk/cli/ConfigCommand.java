package org.inputdesk.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import org.inputdesk.classifier.topology.ClassifierConfig;
import org.inputdesk.intake.config.IntakeConfig;
import org.inputdesk.publisher.PublisherConfig;
import org.inputdesk.schemas.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inputdesk config}: every service's configuration keys, defaults and meaning. */
@Command(
    name = "config",
    description = "List every configuration key of the three services, with default and meaning.",
    mixinStandardHelpOptions = true)
public final class ConfigCommand implements Callable<Integer> {

  @Option(
      names = "--markdown",
      description = "As Markdown tables (the README's are made this way).")
  boolean markdown;

  /** Each service's definition, in pipeline order. */
  public static Map<String, ConfigDef> definitions() {
    final Map<String, ConfigDef> out = new LinkedHashMap<>();
    out.put("intake-service", IntakeConfig.definition());
    out.put("classifier-service", ClassifierConfig.definition());
    out.put("publisher-service", PublisherConfig.definition());
    return out;
  }

  @Override
  public Integer call() {
    definitions().forEach((service, def) -> System.out.print(render(service, def, markdown)));
    return 0;
  }

  /** One service's keys as text or as a Markdown table. */
  public static String render(final String service, final ConfigDef def, final boolean markdown) {
    final StringBuilder out = new StringBuilder();
    final List<ConfigDef.ConfigKey> keys =
        def.configKeys().values().stream().sorted((a, b) -> a.name.compareTo(b.name)).toList();
    if (markdown) {
      out.append("### ").append(service).append("\n\n");
      out.append("| key | environment variable | type | default | meaning |\n");
      out.append("|---|---|---|---|---|\n");
      for (final ConfigDef.ConfigKey k : keys) {
        out.append("| `")
            .append(k.name)
            .append("` | `")
            .append(Settings.toEnv(k.name))
            .append("` | ")
            .append(k.type.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(defaultText(k))
            .append(" | ")
            .append(k.documentation.replace("|", "\\|").replace("\n", " "))
            .append(" |\n");
      }
      out.append('\n');
    } else {
      out.append(service).append('\n');
      for (final ConfigDef.ConfigKey k : keys) {
        out.append(
            String.format(
                "  %-32s %s (default %s)%n      %s%n",
                k.name, Settings.toEnv(k.name), defaultText(k), k.documentation));
      }
    }
    return out.toString();
  }

  private static String defaultText(final ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "required";
    }
    if (k.type == ConfigDef.Type.PASSWORD) {
      return k.defaultValue == null ? "none" : "(hidden)";
    }
    final Object v = k.defaultValue;
    if (v == null || (v instanceof String s && s.isEmpty())) {
      return "none";
    }
    if (v instanceof List<?> list) {
      return list.isEmpty()
          ? "none"
          : "`" + String.join(",", list.stream().map(String::valueOf).toList()) + "`";
    }
    return "`" + v + "`";
  }
}
