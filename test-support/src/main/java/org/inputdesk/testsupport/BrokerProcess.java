package org.inputdesk.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * One Kafka broker (KRaft, broker and controller) as its own operating-system process, for tests
 * that kill a broker the way an outage does: {@code java ... BrokerProcess CONFIG CLUSTER_ID}.
 * Reads the server properties file; formats its log directory on first start; writes its log.
 */
public final class BrokerProcess {

  private BrokerProcess() {}

  public static void main(final String[] args) throws Exception {
    final Path config = Path.of(args[0]);
    final Properties props = new Properties();
    try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      props.load(in);
    }
    if (!Files.exists(Path.of(props.getProperty("log.dirs")).resolve("meta.properties"))) {
      final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      final int code;
      try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
        code =
            StorageTool.execute(
                new String[] {"format", "-t", args[1], "-c", config.toString()}, print);
      }
      if (code != 0) {
        System.err.println("formatting failed: " + buffer.toString(StandardCharsets.UTF_8));
        System.exit(2);
      }
    }
    final KafkaRaftServer server =
        new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "broker-shutdown"));
    server.startup();
    server.awaitShutdown();
  }
}
