package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.StatusOverride;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.junit.jupiter.api.Test;

/** The classifier end to end on one record: who sent it, verified or not, and what is posted. */
class UnverifiedClaimsTest {

  private final Classifier classifier = new Classifier();

  private SubmissionClassified classify(final SubmissionReceived r) {
    return classify(r, null);
  }

  private SubmissionClassified classify(
      final SubmissionReceived r, final SubmissionCorrection correction) {
    return classifier.classify(
        r, Fixtures.consultation(false), key -> Optional.empty(), correction, Fixtures.NOW);
  }

  /** Mail from trent@example.net with the Iran intervention attached as a PDF. */
  private static SubmissionReceived forgedIran() {
    final SubmissionReceived r =
        Fixtures.received(
            "iran", "trent@example.net", "Statement", "Please find attached the statement.");
    return SubmissionReceived.newBuilder(r)
        .setAttachments(
            List.of(
                AttachmentRef.newBuilder()
                    .setFilename("statement.pdf")
                    .setContentType("application/pdf")
                    .setSize(20_000)
                    .setStatus(AttachmentStatus.OK)
                    .setText(
                        "Permanent Mission of Iran to the United Nations\n\nStatement by the"
                            + " Delegation of the Islamic Republic of Iran on confidence-building"
                            + " measures\n\nMr. Chair, ...")
                    .build()))
        .build();
  }

  @Test
  void shouldHoldALetterheadOnlyStateClaimInsteadOfPostingItAsAState() {
    final SubmissionClassified c = classify(forgedIran());
    assertThat(c.getSender().getType()).isEqualTo("member-state");
    assertThat(c.getSender().getCountry()).isEqualTo("IRN");
    assertThat(c.getSender().getVerified()).isFalse();
    assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.HELD);
    assertThat(c.getPublication().getReason())
        .isEqualTo(
            "claims Permanent Mission of Iran to the United Nations; letterhead only, sent from"
                + " example.net, domain not authenticated");
  }

  @Test
  void shouldPostTheClaimWhenThePolicyDoesNotHoldUnverifiedClaims() {
    final SubmissionClassified c =
        classifier.classify(
            forgedIran(),
            org.inputdesk.schemas.Consultation.newBuilder(Fixtures.consultation(false))
                .setPolicy(PublicationPolicy.newBuilder().setHoldUnverifiedClaims(false).build())
                .build(),
            key -> Optional.empty(),
            null,
            Fixtures.NOW);
    assertThat(c.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
  }

  @Test
  void shouldLetAnOperatorsCorrectionWin() {
    final SubmissionCorrection post =
        Fixtures.correction("iran", StatusOverride.POSTED, List.of(), List.of());
    assertThat(classify(forgedIran(), post).getPublication().getStatus())
        .isEqualTo(PublicationStatus.POSTED);

    final SubmissionCorrection vouch =
        SubmissionCorrection.newBuilder(Fixtures.correction("iran", null, List.of(), List.of()))
            .setSenderType("member-state")
            .setOrganisation("Permanent Mission of Iran")
            .setCountry("IRN")
            .build();
    final SubmissionClassified vouched = classify(forgedIran(), vouch);
    assertThat(vouched.getSender().getVerified()).isTrue();
    assertThat(vouched.getPublication().getStatus()).isEqualTo(PublicationStatus.POSTED);
  }

  @Test
  void shouldPostAMinistryWhoseDomainATrustedServerPassedAndHoldItOtherwise() {
    assertThat(classify(Fixtures.fromMission("sg", "Input")).getPublication().getStatus())
        .isEqualTo(PublicationStatus.POSTED);
    for (final String dmarc : List.of("fail", "none")) {
      final SubmissionReceived r =
          SubmissionReceived.newBuilder(Fixtures.fromMission("sg", "Input"))
              .setAuthentication(Fixtures.authenticated("mfa.gov.sg", dmarc))
              .build();
      final SubmissionClassified c = classify(r);
      assertThat(c.getSender().getVerified()).as(dmarc).isFalse();
      assertThat(c.getPublication().getStatus()).as(dmarc).isEqualTo(PublicationStatus.HELD);
    }
    final SubmissionReceived unauthenticated =
        SubmissionReceived.newBuilder(Fixtures.fromMission("sg", "Input"))
            .setAuthentication(null)
            .build();
    assertThat(classify(unauthenticated).getPublication().getStatus())
        .isEqualTo(PublicationStatus.HELD);
  }

  @Test
  void shouldPublishAForwardAsTheOriginalSendersTextAlone() {
    final String note = "Colleagues, forwarding for posting. Anna";
    final String original =
        "Dear Secretariat,\n\nAccess Now asks the Group to protect human rights defenders.\n\n"
            + "Regards,\nRania Saleh\nAccess Now";
    final String body =
        note
            + "\n\n________________________________\nFrom: Rania Saleh <rania@accessnow.org>\n"
            + "Sent: Tuesday, March 18, 2025 4:12 PM\nTo: Anna <anna@un.org>\n"
            + "Subject: Our input\n\n"
            + original;
    final SubmissionReceived r =
        SubmissionReceived.newBuilder(
                Fixtures.received("fwd", "anna@un.org", "FW: Our input", body))
            .setFrom(Address.newBuilder().setAddress("anna@un.org").setName("Anna").build())
            .setTextParts(
                List.of(
                    TextPart.newBuilder().setKind(TextKind.PLAIN).setText(body).build(),
                    TextPart.newBuilder()
                        .setKind(TextKind.HTML)
                        .setText(body)
                        .setHtml("<p>" + body + "</p>")
                        .build()))
            .build();
    final SubmissionClassified c = classify(r);
    assertThat(c.getSender().getType()).isEqualTo("ngo");
    assertThat(c.getSender().getOrganisation()).isEqualTo("Access Now");
    assertThat(c.getSender().getForwardedBy()).isEqualTo("anna@un.org");
    assertThat(c.getSubmission().getSubject()).isEqualTo("Our input");
    assertThat(c.getSubmission().getTextParts())
        .allSatisfy(
            p -> {
              assertThat(p.getText()).isEqualTo(original);
              assertThat(p.getHtml()).as("the HTML still holds the note").isNull();
            });
  }
}
