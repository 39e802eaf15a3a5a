package org.inputdesk.cli.console;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails a desk when an input is routed to it: reads submissions-classified in its own consumer
 * group from where it stopped (new inputs only on its first start) and writes to the desk's address
 * of the consultation. An input is announced to a desk once per run; an input re-routed to another
 * desk is announced there. Off unless the console is started with {@code --notify-desks}.
 */
public final class DeskNotifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeskNotifier.class);

  /** How to send: an SMTP server and the From address. */
  public record Smtp(String host, int port, String from) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConsoleState state;
  private final Smtp smtp;
  private final Map<String, String> announced = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int sent;

  public DeskNotifier(final Map<String, Object> kafka, final ConsoleState state, final Smtp smtp) {
    final Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "inputdesk-desk-notifier");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.state = state;
    this.smtp = smtp;
    consumer.subscribe(List.of(Topics.SUBMISSIONS_CLASSIFIED.name()));
    this.thread = new Thread(this::run, "desk-notifier");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        final var records = consumer.poll(Duration.ofMillis(500));
        for (final ConsumerRecord<byte[], byte[]> r : records) {
          try {
            final SubmissionClassified c =
                Topics.SUBMISSIONS_CLASSIFIED
                    .valueSerde()
                    .deserializer()
                    .deserialize(r.topic(), r.value());
            if (c != null) {
              announce(c);
            }
          } catch (SerializationException e) {
            LOG.warn(
                "desk notifier skipped {}-{}@{}: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                e.getMessage());
          }
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void announce(final SubmissionClassified c) {
    if (c.getDesk() == null || c.getDesk().equals(announced.get(c.getId()))) {
      return;
    }
    final Consultation consultation = state.consultations().get(c.getConsultationId());
    if (consultation == null) {
      return;
    }
    for (final Desk desk : consultation.getDesks()) {
      if (desk.getId().equals(c.getDesk())
          && desk.getEmail() != null
          && !desk.getEmail().isBlank()) {
        try {
          send(desk, consultation, c);
          announced.put(c.getId(), c.getDesk());
          sent++;
          LOG.info("desk {} notified of {}", desk.getId(), c.getId());
        } catch (MessagingException e) {
          LOG.warn("cannot notify desk {} of {}: {}", desk.getId(), c.getId(), e.getMessage());
        }
      }
    }
  }

  private void send(final Desk desk, final Consultation consultation, final SubmissionClassified c)
      throws MessagingException {
    final Properties props = new Properties();
    props.setProperty("mail.smtp.host", smtp.host());
    props.setProperty("mail.smtp.port", String.valueOf(smtp.port()));
    final MimeMessage m = new MimeMessage(Session.getInstance(props));
    m.setFrom(new InternetAddress(smtp.from()));
    m.setRecipients(Message.RecipientType.TO, desk.getEmail());
    m.setHeader("Auto-Submitted", "auto-generated");
    m.setSubject(
        "["
            + consultation.getTrackingPrefix()
            + "] New input for "
            + desk.getName()
            + ": "
            + c.getTrackingNumber(),
        "UTF-8");
    m.setText(
        "A new input was routed to "
            + desk.getName()
            + ".\n\n"
            + "Tracking number: "
            + c.getTrackingNumber()
            + "\n"
            + "Subject: "
            + c.getSubmission().getSubject()
            + "\n"
            + "Sender type: "
            + c.getSender().getType()
            + (c.getSender().getOrganisation() == null
                ? ""
                : " (" + c.getSender().getOrganisation() + ")")
            + "\n"
            + "Status: "
            + c.getPublication().getStatus()
            + " ("
            + c.getPublication().getReason()
            + ")\n\n"
            + "The desk's queue is on the operator console.\n",
        "UTF-8");
    Transport.send(m);
  }

  /** Notifications sent in this run. */
  public int sent() {
    return sent;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
