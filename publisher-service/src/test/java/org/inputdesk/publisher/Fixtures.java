package org.inputdesk.publisher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.CampaignRef;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.Publication;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;

/** Real-looking records for tests, built the way the classifier and intake write them. */
public final class Fixtures {

  public static final String OEWG = "oewg8";
  public static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private Fixtures() {}

  public static Consultation consultation(final String id, final IndividualDisplay individuals) {
    return Consultation.newBuilder()
        .setId(id)
        .setTitle("OEWG on security of and in the use of ICTs, eighth session")
        .setDescription("Written inputs on the draft annual progress report.")
        .setAddresses(List.of("oewg8@example.org"))
        .setTrackingPrefix("OEWG8")
        .setDeadline(Instant.parse("2026-04-01T00:00:00Z"))
        .setTaxonomy(
            List.of(
                Theme.newBuilder()
                    .setId("threats")
                    .setLabel("Existing and potential threats")
                    .build(),
                Theme.newBuilder().setId("norms").setLabel("Rules, norms and principles").build(),
                Theme.newBuilder().setId("cbm").setLabel("Confidence-building measures").build()))
        .setPolicy(PublicationPolicy.newBuilder().setIndividuals(individuals).build())
        .setUpdatedAt(T0)
        .build();
  }

  /** A fluent builder of a classified submission. */
  public static Sub sub(final String id) {
    return new Sub(id);
  }

  public static Attachment attachment(
      final String filename, final String type, final String content) {
    final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return Attachment.newBuilder()
        .setSha256(sha256(bytes))
        .setFilename(filename)
        .setContentType(type)
        .setSize(bytes.length)
        .setBytes(ByteBuffer.wrap(bytes))
        .setFirstSubmissionId("s")
        .setReceivedAt(T0)
        .build();
  }

  public static String sha256(final byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static final class Sub {
    private final String id;
    private String consultation = OEWG;
    private String tracking;
    private Instant received = T0;
    private Instant classified = T0.plusSeconds(60);
    private String subject = "Submission";
    private String body = "We welcome the draft and propose changes to paragraph 12.";
    private String html;
    private String fromAddress = "delegate@mission.example.org";
    private String fromName = "Jane Delegate";
    private String senderType = "member-state";
    private String organisation = "Permanent Mission of Examplia";
    private String language = "en";
    private boolean late;
    private String campaign;
    private int campaignSize = 3;
    private String representative;
    private String country;
    private final List<ThemeTag> themes = new ArrayList<>();
    private final List<AttachmentRef> files = new ArrayList<>();
    private List<String> paragraphs = List.of();
    private PublicationStatus status = PublicationStatus.POSTED;

    private Sub(final String id) {
      this.id = id;
      this.tracking = "OEWG8-2026-" + String.format("%06d", Math.abs(id.hashCode()) % 1000000);
    }

    public Sub consultation(final String v) {
      consultation = v;
      return this;
    }

    public Sub tracking(final String v) {
      tracking = v;
      return this;
    }

    public Sub received(final Instant v) {
      received = v;
      return this;
    }

    public Sub classified(final Instant v) {
      classified = v;
      return this;
    }

    public Sub subject(final String v) {
      subject = v;
      return this;
    }

    public Sub body(final String v) {
      body = v;
      return this;
    }

    public Sub html(final String v) {
      html = v;
      return this;
    }

    public Sub from(final String address, final String name) {
      fromAddress = address;
      fromName = name;
      return this;
    }

    public Sub sender(final String type, final String org) {
      senderType = type;
      organisation = org;
      return this;
    }

    public Sub language(final String v) {
      language = v;
      return this;
    }

    public Sub late(final boolean v) {
      late = v;
      return this;
    }

    public Sub campaign(final String v) {
      campaign = v;
      return this;
    }

    /** A member of a campaign of {@code size} inputs whose first input is {@code rep}. */
    public Sub campaign(final String v, final int size, final String rep) {
      campaign = v;
      campaignSize = size;
      representative = rep;
      return this;
    }

    public Sub country(final String v) {
      country = v;
      return this;
    }

    public Sub theme(final String themeId, final String label) {
      themes.add(ThemeTag.newBuilder().setId(themeId).setLabel(label).setScore(0.9).build());
      return this;
    }

    public Sub paragraphs(final String... refs) {
      paragraphs = List.of(refs);
      return this;
    }

    public Sub attachment(final Attachment a) {
      files.add(
          AttachmentRef.newBuilder()
              .setSha256(a.getSha256())
              .setFilename(a.getFilename())
              .setContentType(a.getContentType())
              .setSize(a.getSize())
              .setStatus(AttachmentStatus.OK)
              .build());
      return this;
    }

    /** An attachment intake recorded without its bytes (too large, unreadable). */
    public Sub notKept(
        final String filename, final String type, final long size, final AttachmentStatus why) {
      files.add(
          AttachmentRef.newBuilder()
              .setSha256(null)
              .setFilename(filename)
              .setContentType(type)
              .setSize(size)
              .setStatus(why)
              .setStatusReason(size + " bytes, over the per-file limit of 10485760")
              .build());
      return this;
    }

    public Sub status(final PublicationStatus v) {
      status = v;
      return this;
    }

    public SubmissionClassified build() {
      final List<TextPart> parts = new ArrayList<>();
      parts.add(TextPart.newBuilder().setKind(TextKind.PLAIN).setText(body).build());
      if (html != null) {
        parts.add(TextPart.newBuilder().setKind(TextKind.HTML).setText(body).setHtml(html).build());
      }
      final SubmissionReceived mail =
          SubmissionReceived.newBuilder()
              .setId(id)
              .setSource(
                  MailSource.newBuilder()
                      .setKind(SourceKind.IMAP)
                      .setMailbox("oewg8@example.org/INBOX")
                      .setUidValidity(1L)
                      .setUid(1L)
                      .build())
              .setReceivedAt(received)
              .setFrom(Address.newBuilder().setAddress(fromAddress).setName(fromName).build())
              .setSubject(subject)
              .setConsultationId(consultation)
              .setLate(late)
              .setTrackingNumber(tracking)
              .setTextParts(parts)
              .setAttachments(files)
              .setContentSha256(sha256(body.getBytes(StandardCharsets.UTF_8)))
              .build();
      return SubmissionClassified.newBuilder()
          .setId(id)
          .setSubmission(mail)
          .setConsultationId(consultation)
          .setTrackingNumber(tracking)
          .setLanguage(language)
          .setThemes(themes)
          .setSender(
              SenderInfo.newBuilder()
                  .setType(senderType)
                  .setOrganisation(organisation)
                  .setCountry(country)
                  .setConfidence(0.9)
                  .setBasis("directory:address")
                  .build())
          .setParagraphRefs(paragraphs)
          .setCampaign(
              campaign == null
                  ? null
                  : CampaignRef.newBuilder()
                      .setId(campaign)
                      .setSize(campaignSize)
                      .setRepresentativeId(representative == null ? id : representative)
                      .build())
          .setPublication(Publication.newBuilder().setStatus(status).setReason("test").build())
          .setClassifiedAt(classified)
          .build();
    }
  }
}
