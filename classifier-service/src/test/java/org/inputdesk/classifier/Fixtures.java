package org.inputdesk.classifier;

import java.time.Instant;
import java.util.List;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;

/** Real-looking records for the classifier's tests. */
public final class Fixtures {

  public static final Instant NOW = Instant.parse("2024-07-01T10:00:00Z");

  public static final String MISSION_TEXT =
      "Permanent Mission of the Republic of Singapore to the United Nations\n\n"
          + "Excellency,\n\nSingapore welcomes the revised draft. On paragraph 45 we propose to"
          + " strengthen the voluntary norms of responsible State behaviour and their"
          + " implementation, and on paragraphs 46-49 we support the global points of contact"
          + " directory as a confidence-building measure. Ransomware attacks against hospitals"
          + " remain a grave threat.\n\nPermanent Mission of Singapore";

  private Fixtures() {}

  public static SubmissionReceived received(
      final String id, final String from, final String subject, final String text) {
    return SubmissionReceived.newBuilder()
        .setId(id)
        .setSource(
            MailSource.newBuilder()
                .setKind(SourceKind.IMAP)
                .setMailbox("submissions@oewg.example/INBOX")
                .setUidValidity(1L)
                .setUid(7L)
                .build())
        .setMessageId("<" + id + "@mail.example>")
        .setReceivedAt(NOW)
        .setFrom(Address.newBuilder().setAddress(from).setName(null).build())
        .setSubject(subject)
        .setConsultationId("oewg8")
        .setTrackingNumber("OEWG8-2024-000001")
        .setTextParts(
            text == null
                ? List.of()
                : List.of(
                    TextPart.newBuilder()
                        .setKind(TextKind.PLAIN)
                        .setCharset("UTF-8")
                        .setText(text)
                        .build()))
        .setContentSha256("sha-" + id)
        .setRawSize(text == null ? 0 : text.length())
        .build();
  }

  /**
   * Singapore's mission text from its ministry's domain, with a trusted server's DMARC pass for
   * that domain: a verified Member State, posted without review.
   */
  public static SubmissionReceived fromMission(final String id, final String subject) {
    return SubmissionReceived.newBuilder(received(id, "cyber@mfa.gov.sg", subject, MISSION_TEXT))
        .setAuthentication(authenticated("mfa.gov.sg", "pass"))
        .build();
  }

  /** What a trusted receiving server said of a From domain. */
  public static MailAuthentication authenticated(final String domain, final String dmarc) {
    return MailAuthentication.newBuilder()
        .setFromDomain(domain)
        .setDmarc(dmarc)
        .setDkim(dmarc)
        .setSpf(dmarc)
        .setVerifiedBy("mx.oewg.example")
        .setVerdict("pass".equals(dmarc) ? "pass" : "fail".equals(dmarc) ? "fail" : "not-verified")
        .build();
  }

  public static Consultation consultation(final boolean holdUnknown) {
    return Consultation.newBuilder()
        .setId("oewg8")
        .setTitle("OEWG eighth session: written inputs")
        .setAddresses(List.of("submissions@oewg.example"))
        .setTrackingPrefix("OEWG8")
        .setDesks(
            List.of(
                Desk.newBuilder()
                    .setId("norms-desk")
                    .setName("Norms and law")
                    .setThemes(List.of("norms", "international-law"))
                    .build(),
                Desk.newBuilder().setId("general").setName("General").setThemes(List.of()).build()))
        .setPolicy(
            PublicationPolicy.newBuilder()
                .setHoldUnknownSenders(holdUnknown)
                .setHoldLate(true)
                .setMinConfidence(0.5)
                .build())
        .setUpdatedAt(NOW)
        .build();
  }

  public static SenderDirectoryEntry directory(
      final String key, final String type, final String organisation, final String country) {
    return SenderDirectoryEntry.newBuilder()
        .setKey(key)
        .setSenderType(type)
        .setOrganisation(organisation)
        .setCountry(country)
        .setUpdatedAt(NOW)
        .setUpdatedBy("operator")
        .build();
  }

  public static SubmissionCorrection correction(
      final String id,
      final StatusOverride status,
      final List<String> add,
      final List<String> remove) {
    return SubmissionCorrection.newBuilder()
        .setSubmissionId(id)
        .setAddThemes(add)
        .setRemoveThemes(remove)
        .setStatus(status)
        .setReason("checked by staff")
        .setBy("ops")
        .setAt(NOW)
        .build();
  }
}
