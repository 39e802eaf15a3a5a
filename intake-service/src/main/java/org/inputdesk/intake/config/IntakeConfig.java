package org.inputdesk.intake.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;
import org.inputdesk.intake.auth.AuthTrust;
import org.inputdesk.intake.receipts.ReceiptLimiter;
import org.inputdesk.ops.OpsConfig;
import org.inputdesk.schemas.Settings;

/**
 * The intake service's settings, parsed once from dotted keys (or INPUTDESK_* environment
 * variables). Reads the map given; writes nothing.
 */
public record IntakeConfig(
    String bootstrapServers,
    Map<String, Object> kafkaClientProps,
    short replicationFactor,
    String transactionalId,
    String imapHost,
    int imapPort,
    String imapProtocol,
    String imapUser,
    Password imapPassword,
    String imapAuth,
    String oauth2TokenFile,
    String imapFolder,
    boolean imapIdle,
    Duration pollInterval,
    String afterCommit,
    String processedFolder,
    Duration reconnectBackoffInitial,
    Duration reconnectBackoffMax,
    Duration imapTimeout,
    String mailboxName,
    String trackingCode,
    String defaultConsultation,
    Duration consultationsWait,
    long attachmentMaxBytes,
    long messageMaxBytes,
    Duration tikaTimeout,
    int tikaMaxChars,
    int batchSize,
    boolean receiptEnabled,
    int receiptMaxPerAddressPerHour,
    AuthTrust authTrust,
    String smtpHost,
    int smtpPort,
    String smtpFrom,
    String smtpUser,
    Password smtpPassword,
    OpsConfig ops) {

  public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
  public static final String TRANSACTIONAL_ID = "intake.transactional.id";
  public static final String IMAP_HOST = "imap.host";
  public static final String IMAP_PORT = "imap.port";
  public static final String IMAP_PROTOCOL = "imap.protocol";
  public static final String IMAP_USER = "imap.user";
  public static final String IMAP_PASSWORD = "imap.password";
  public static final String IMAP_AUTH = "imap.auth";
  public static final String IMAP_OAUTH2_TOKEN_FILE = "imap.oauth2.token.file";
  public static final String IMAP_FOLDER = "imap.folder";
  public static final String IMAP_IDLE = "imap.idle";
  public static final String IMAP_POLL_INTERVAL_MS = "imap.poll.interval.ms";
  public static final String IMAP_AFTER_COMMIT = "imap.after.commit";
  public static final String IMAP_PROCESSED_FOLDER = "imap.processed.folder";
  public static final String IMAP_RECONNECT_BACKOFF_MS = "imap.reconnect.backoff.ms";
  public static final String IMAP_RECONNECT_BACKOFF_MAX_MS = "imap.reconnect.backoff.max.ms";
  public static final String IMAP_TIMEOUT_MS = "imap.timeout.ms";
  public static final String MAILBOX_NAME = "intake.mailbox.name";
  public static final String TRACKING_CODE = "intake.tracking.code";
  public static final String DEFAULT_CONSULTATION = "intake.default.consultation";
  public static final String CONSULTATIONS_WAIT_MS = "intake.consultations.wait.ms";
  public static final String ATTACHMENT_MAX_BYTES = "attachment.max.bytes";
  public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
  public static final String TIKA_TIMEOUT_MS = "tika.timeout.ms";
  public static final String TIKA_MAX_CHARS = "tika.max.chars";
  public static final String BATCH_SIZE = "intake.batch.size";
  public static final String RECEIPT_ENABLED = "receipt.enabled";
  public static final String RECEIPT_MAX_PER_ADDRESS_PER_HOUR = "receipt.max.per.address.per.hour";
  public static final String AUTH_TRUSTED_AUTHSERV_IDS = "auth.trusted.authserv.ids";
  public static final String AUTH_TRUSTED_RECEIVED_HOPS = "auth.trusted.received.hops";
  public static final String SMTP_HOST = "smtp.host";
  public static final String SMTP_PORT = "smtp.port";
  public static final String SMTP_FROM = "smtp.from";
  public static final String SMTP_USER = "smtp.user";
  public static final String SMTP_PASSWORD = "smtp.password";

  /** Every key with type, default, validator and doc. */
  public static ConfigDef definition() {
    final ConfigDef def = new ConfigDef();
    Settings.withKafka(def);
    OpsConfig.define(def, 9401);
    return def.define(
            TOPICS_REPLICATION_FACTOR,
            Type.SHORT,
            (short) 1,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Replication factor of the topics intake creates when they are missing.")
        .define(
            TRANSACTIONAL_ID,
            Type.STRING,
            "",
            Importance.LOW,
            "Kafka transactional.id; empty means intake-<mailbox name>. One per mailbox: a second"
                + " instance on the same mailbox fences the first.")
        .define(IMAP_HOST, Type.STRING, Importance.HIGH, "IMAP server host name.")
        .define(
            IMAP_PORT,
            Type.INT,
            0,
            Range.between(0, 65535),
            Importance.MEDIUM,
            "IMAP server port; 0 means 993 for imaps and 143 for imap.")
        .define(
            IMAP_PROTOCOL,
            Type.STRING,
            "imaps",
            ValidString.in("imap", "imaps"),
            Importance.MEDIUM,
            "imaps (TLS from the start) or imap (plain, STARTTLS if the server offers it).")
        .define(IMAP_USER, Type.STRING, Importance.HIGH, "IMAP login name.")
        .define(
            IMAP_PASSWORD,
            Type.PASSWORD,
            "",
            Importance.HIGH,
            "IMAP password, or the OAuth2 access token when imap.auth=xoauth2. Never logged.")
        .define(
            IMAP_AUTH,
            Type.STRING,
            "password",
            ValidString.in("password", "xoauth2"),
            Importance.MEDIUM,
            "password (LOGIN/PLAIN) or xoauth2 (SASL XOAUTH2 with an OAuth2 access token, as"
                + " Microsoft 365 and Gmail require; the token is imap.oauth2.token.file's content,"
                + " else imap.password).")
        .define(
            IMAP_OAUTH2_TOKEN_FILE,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "With imap.auth=xoauth2: file holding the access token, read again at every connect,"
                + " so a token refreshed by another process (tokens expire hourly) is picked up at"
                + " the next reconnect; a refused token is retried with backoff. Empty: the token"
                + " is imap.password.")
        .define(IMAP_FOLDER, Type.STRING, "INBOX", Importance.MEDIUM, "Folder to read.")
        .define(
            IMAP_IDLE,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Use IMAP IDLE where the server offers it; otherwise poll.")
        .define(
            IMAP_POLL_INTERVAL_MS,
            Type.LONG,
            30_000L,
            Range.atLeast(10),
            Importance.MEDIUM,
            "Polling interval without IDLE; with IDLE, how often the idle connection is checked"
                + " for new mail (a NOOP). Dovecot holds IDLE notifications back for 0.5 s:"
                + " 100-250 ms here reads new mail sooner (BENCHMARK.md).")
        .define(
            IMAP_AFTER_COMMIT,
            Type.STRING,
            "flag",
            ValidString.in("flag", "move", "leave"),
            Importance.MEDIUM,
            "What happens to a message after its records are committed to Kafka: flag (\\Seen),"
                + " move (to imap.processed.folder) or leave.")
        .define(
            IMAP_PROCESSED_FOLDER,
            Type.STRING,
            "Processed",
            Importance.LOW,
            "Folder messages are moved to with imap.after.commit=move; created if missing.")
        .define(
            IMAP_RECONNECT_BACKOFF_MS,
            Type.LONG,
            1_000L,
            Range.atLeast(1),
            Importance.LOW,
            "First wait before reconnecting after the IMAP server dropped; doubles per failure.")
        .define(
            IMAP_RECONNECT_BACKOFF_MAX_MS,
            Type.LONG,
            60_000L,
            Range.atLeast(1),
            Importance.LOW,
            "Longest wait between reconnect attempts.")
        .define(
            IMAP_TIMEOUT_MS,
            Type.LONG,
            30_000L,
            Range.atLeast(100),
            Importance.LOW,
            "IMAP connect timeout; reads time out after this plus the poll interval.")
        .define(
            MAILBOX_NAME,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Name of the mailbox in ids and checkpoints; empty means user@host/folder. Changing it"
                + " re-reads the mailbox as new.")
        .define(
            TRACKING_CODE,
            Type.STRING,
            "",
            new ConfigDef.NonNullValidator() {
              @Override
              public void ensureValid(final String name, final Object value) {
                super.ensureValid(name, value);
                if (!String.valueOf(value).strip().matches("[A-Za-z0-9]{0,8}")) {
                  throw new org.apache.kafka.common.config.ConfigException(
                      name, value, "1 to 8 letters or digits, or empty");
                }
              }
            },
            Importance.MEDIUM,
            "Code of this mailbox in tracking numbers (PREFIX-CODE-000001) for consultations"
                + " another mailbox or an import already numbers. Empty: plain numbers"
                + " (PREFIX-000001) for the first source of a consultation, and for a later one the"
                + " letters of the mailbox name before @ (then a short hash), so two sources never"
                + " share a number. Distinct codes on every mailbox also rule out two sources that"
                + " number a consultation for the very first time at the same moment.")
        .define(
            DEFAULT_CONSULTATION,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Consultation id for mail that no address or subject tag matches; empty for none.")
        .define(
            CONSULTATIONS_WAIT_MS,
            Type.LONG,
            5_000L,
            Range.atLeast(0),
            Importance.LOW,
            "Longest wait for the consultations topic to be read to its end before a batch.")
        .define(
            ATTACHMENT_MAX_BYTES,
            Type.LONG,
            15L * 1024 * 1024,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Largest attachment kept; larger ones are recorded as OVERSIZED without bytes.")
        .define(
            MESSAGE_MAX_BYTES,
            Type.LONG,
            40L * 1024 * 1024,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Most attachment bytes kept per message; the rest are recorded as OVERSIZED.")
        .define(
            TIKA_TIMEOUT_MS,
            Type.LONG,
            30_000L,
            Range.atLeast(1),
            Importance.LOW,
            "Longest text extraction per attachment; slower ones are recorded as TIMEOUT.")
        .define(
            TIKA_MAX_CHARS,
            Type.INT,
            200_000,
            Range.atLeast(1),
            Importance.LOW,
            "Most characters of text kept per attachment (the submission record is also kept"
                + " under 900 KB by cutting the longest texts).")
        .define(
            BATCH_SIZE,
            Type.INT,
            200,
            Range.between(1, 10_000),
            Importance.LOW,
            "Most messages per IMAP fetch (a batch also stops at 8 MB of mail). Batches are"
                + " fetched, parsed and committed overlapping; batches read while a transaction"
                + " runs are committed together (up to 1,000 messages or 64 MB). A crash re-reads"
                + " at most the uncommitted batches, never duplicating a record.")
        .define(
            RECEIPT_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Send an acknowledgement with the tracking number to each sender (never to"
                + " auto-replies, bounces or lists). Needs smtp.host and smtp.from.")
        .define(
            RECEIPT_MAX_PER_ADDRESS_PER_HOUR,
            Type.INT,
            ReceiptLimiter.DEFAULT_PER_HOUR,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Most receipts to one address in any hour; more inputs from it are taken in without"
                + " a receipt, so a forged sender cannot turn intake into a mail cannon. No receipt"
                + " ever goes to a sender whose domain failed DMARC, and with the consultation's"
                + " receiptsToVerifiedOnly only to senders whose domain passed.")
        .define(
            AUTH_TRUSTED_AUTHSERV_IDS,
            Type.LIST,
            "",
            new ConfigDef.NonNullValidator() {
              @Override
              public void ensureValid(final String name, final Object value) {
                super.ensureValid(name, value);
                for (final Object id : (List<?>) value) {
                  if (!String.valueOf(id).strip().matches("[^\\s;()\"]+")) {
                    throw new org.apache.kafka.common.config.ConfigException(
                        name, value, "authserv-ids are host names, comma separated");
                  }
                }
              }
            },
            Importance.HIGH,
            "authserv-ids (RFC 8601) of the receiving servers whose Authentication-Results headers"
                + " are believed, comma separated, e.g. mx.example.org. Empty: none is, and every"
                + " input is not-verified. Headers of other servers, and any below the trusted"
                + " hops (auth.trusted.received.hops), are ignored.")
        .define(
            AUTH_TRUSTED_RECEIVED_HOPS,
            Type.INT,
            1,
            Range.between(1, 50),
            Importance.MEDIUM,
            "Only Authentication-Results headers above the N-th Received header from the top are"
                + " read: those the trusted receiving hops added, not ones the sender wrote. N is"
                + " the number of Received headers your servers add, plus one when the server"
                + " that judges the sender writes its Authentication-Results below its own"
                + " Received header (Gmail does). A message with fewer Received headers is"
                + " not-verified.")
        .define(SMTP_HOST, Type.STRING, "", Importance.MEDIUM, "SMTP host for receipts.")
        .define(
            SMTP_PORT,
            Type.INT,
            25,
            Range.between(1, 65535),
            Importance.MEDIUM,
            "SMTP port for receipts.")
        .define(
            SMTP_FROM,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "From address of receipts; empty means the mailbox user when it is an address.")
        .define(SMTP_USER, Type.STRING, "", Importance.LOW, "SMTP login; empty for none.")
        .define(SMTP_PASSWORD, Type.PASSWORD, "", Importance.LOW, "SMTP password. Never logged.");
  }

  /** Parses and validates; fails naming the key and its environment variable. */
  public static IntakeConfig from(final Map<String, ?> values) {
    final AbstractConfig c = Settings.parse(definition(), values);
    final String protocol = c.getString(IMAP_PROTOCOL);
    final int port =
        c.getInt(IMAP_PORT) != 0 ? c.getInt(IMAP_PORT) : protocol.equals("imaps") ? 993 : 143;
    final String host = c.getString(IMAP_HOST);
    final String user = c.getString(IMAP_USER);
    final String folder = c.getString(IMAP_FOLDER);
    final String mailbox =
        c.getString(MAILBOX_NAME).isBlank()
            ? user + "@" + host + "/" + folder
            : c.getString(MAILBOX_NAME);
    final String txId =
        c.getString(TRANSACTIONAL_ID).isBlank()
            ? "intake-" + mailbox.replaceAll("[^A-Za-z0-9._@/-]", "_")
            : c.getString(TRANSACTIONAL_ID);
    final Map<String, Object> clientProps = new HashMap<>(Settings.kafkaClientProps(values));
    final long poll = c.getLong(IMAP_POLL_INTERVAL_MS);
    return new IntakeConfig(
        c.getString(Settings.BOOTSTRAP_SERVERS),
        clientProps,
        c.getShort(TOPICS_REPLICATION_FACTOR),
        txId,
        host,
        port,
        protocol,
        user,
        c.getPassword(IMAP_PASSWORD),
        c.getString(IMAP_AUTH).toLowerCase(Locale.ROOT),
        c.getString(IMAP_OAUTH2_TOKEN_FILE).strip(),
        folder,
        c.getBoolean(IMAP_IDLE),
        Duration.ofMillis(poll),
        c.getString(IMAP_AFTER_COMMIT),
        c.getString(IMAP_PROCESSED_FOLDER),
        Duration.ofMillis(c.getLong(IMAP_RECONNECT_BACKOFF_MS)),
        Duration.ofMillis(c.getLong(IMAP_RECONNECT_BACKOFF_MAX_MS)),
        Duration.ofMillis(c.getLong(IMAP_TIMEOUT_MS)),
        mailbox,
        c.getString(TRACKING_CODE).strip().toUpperCase(Locale.ROOT),
        c.getString(DEFAULT_CONSULTATION).strip(),
        Duration.ofMillis(c.getLong(CONSULTATIONS_WAIT_MS)),
        c.getLong(ATTACHMENT_MAX_BYTES),
        c.getLong(MESSAGE_MAX_BYTES),
        Duration.ofMillis(c.getLong(TIKA_TIMEOUT_MS)),
        c.getInt(TIKA_MAX_CHARS),
        c.getInt(BATCH_SIZE),
        c.getBoolean(RECEIPT_ENABLED),
        c.getInt(RECEIPT_MAX_PER_ADDRESS_PER_HOUR),
        AuthTrust.of(c.getList(AUTH_TRUSTED_AUTHSERV_IDS), c.getInt(AUTH_TRUSTED_RECEIVED_HOPS)),
        c.getString(SMTP_HOST),
        c.getInt(SMTP_PORT),
        c.getString(SMTP_FROM).isBlank() && user.contains("@") ? user : c.getString(SMTP_FROM),
        c.getString(SMTP_USER),
        c.getPassword(SMTP_PASSWORD),
        OpsConfig.from(c));
  }

  /** Whether receipts can and should be sent. */
  public boolean receiptsOn() {
    return receiptEnabled && !smtpHost.isBlank() && !smtpFrom.isBlank();
  }

  @Override
  public String toString() {
    // Passwords are Password objects and print as [hidden]; kafka props may hold SASL secrets.
    return "IntakeConfig[mailbox="
        + mailboxName
        + ", imap="
        + imapProtocol
        + "://"
        + imapHost
        + ":"
        + imapPort
        + ", kafka="
        + bootstrapServers
        + "]";
  }

  /**
   * The mailbox as logs name it: the local part of the address masked, so logs carry no email
   * address while an operator still tells mailboxes apart.
   */
  public String mailboxLabel() {
    final int at = mailboxName.indexOf('@');
    if (at <= 0) {
      return mailboxName;
    }
    return mailboxName.charAt(0) + "***" + mailboxName.substring(at);
  }
}
