package org.inputdesk.ops;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Where a service's operator endpoints listen and the token they ask for.
 *
 * @param host interface to bind
 * @param port port; 0 for any free one, -1 for none
 * @param token bearer token for /metrics; empty locks it
 */
public record OpsConfig(String host, int port, Password token) {

  public static final String HOST = "ops.http.host";
  public static final String PORT = "ops.http.port";
  public static final String TOKEN = "ops.token";

  /** Adds the operator endpoint keys, with the service's own default port. */
  public static ConfigDef define(final ConfigDef definition, final int defaultPort) {
    return definition
        .define(
            HOST,
            Type.STRING,
            "0.0.0.0",
            Importance.LOW,
            "Interface of the operator endpoints (/health/live, /health/ready, /metrics).")
        .define(
            PORT,
            Type.INT,
            defaultPort,
            Range.between(-1, 65535),
            Importance.MEDIUM,
            "Port of the operator endpoints; 0 for any free port, -1 to serve none.")
        .define(
            TOKEN,
            Type.PASSWORD,
            "",
            Importance.HIGH,
            "Bearer token operators send to read /metrics (Authorization: Bearer TOKEN); unset,"
                + " /metrics answers 401 to everyone. Never logged.");
  }

  /** Reads the keys {@link #define} added. */
  public static OpsConfig from(final AbstractConfig config) {
    return new OpsConfig(config.getString(HOST), config.getInt(PORT), config.getPassword(TOKEN));
  }

  /** Whether endpoints are served at all. */
  public boolean enabled() {
    return port >= 0;
  }

  @Override
  public String toString() {
    return "OpsConfig[host="
        + host
        + ", port="
        + port
        + ", token="
        + (token.value().isEmpty() ? "unset" : "[hidden]")
        + "]";
  }
}
