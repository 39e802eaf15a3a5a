package org.inputdesk.cli;

import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.inputdesk.schemas.TopicSpec;
import org.inputdesk.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code inputdesk topics}: creates the pipeline's topics ahead, with their settings. */
@Command(
    name = "topics",
    description =
        "Create every topic the pipeline uses, with its partitions, cleanup policy and"
            + " retention (those that exist are left as they are), and list them.",
    mixinStandardHelpOptions = true)
public final class TopicsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      description = "Replicas of each new topic (3 in production; default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Override
  public Integer call() {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      Topics.ensure(admin, Topics.ALL, replicationFactor);
    }
    for (final TopicSpec<?, ?> spec : Topics.ALL) {
      System.out.printf("%-26s %d partitions  %s%n", spec.name(), spec.partitions(), spec.config());
    }
    return 0;
  }
}
