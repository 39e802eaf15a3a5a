package org.inputdesk.intake.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.inputdesk.intake.mime.MimeReader;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionKey;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.junit.jupiter.api.Test;

class ReceiptsTest {

  private static final MimeReader.Limits LIMITS =
      new MimeReader.Limits(15L * 1024 * 1024, 40L * 1024 * 1024);

  private static SubmissionReceived submission(
      final String id, final String tracking, final String text, final AttachmentRef... refs) {
    return SubmissionReceived.newBuilder()
        .setId(id)
        .setSource(new MailSource(SourceKind.IMAP, "inputs", 1L, 1L))
        .setMessageId("<m-" + id + "@example.org>")
        .setReceivedAt(Instant.parse("2026-03-02T10:15:00Z"))
        .setFrom(new Address("jane@example.org", "Jane Doe"))
        .setSubject("[OEWG] Our input")
        .setConsultationId("oewg")
        .setTrackingNumber(tracking)
        .setTextParts(List.of(TextPart.newBuilder().setKind(TextKind.PLAIN).setText(text).build()))
        .setAttachments(List.of(refs))
        .setContentSha256("sha-" + text.hashCode())
        .build();
  }

  private static AttachmentRef attachment(
      final String name, final long size, final AttachmentStatus status, final String text) {
    return AttachmentRef.newBuilder()
        .setFilename(name)
        .setContentType("application/pdf")
        .setSize(size)
        .setStatus(status)
        .setText(text)
        .build();
  }

  @Test
  void shouldGiveAFirstInputItsOwnTrackingNumber() {
    final SubmissionReceived s = submission("s1", "OEWG-2026-000007", "We ask for training.");

    assertThat(Receipts.subject(s, null)).isEqualTo("Received: OEWG-2026-000007 [OEWG] Our input");
    assertThat(Receipts.body(s, "OEWG 2026", null, LIMITS))
        .contains("Your input has been received for \"OEWG 2026\"", "OEWG-2026-000007")
        .doesNotContain("not be posted");
  }

  @Test
  void shouldNameTheFirstInputsTrackingNumberInADuplicatesReceipt() {
    final SubmissionReceived copy = submission("s9", "OEWG-2026-000009", "We ask for training.");
    final SubmissionKey first =
        SubmissionKey.newBuilder()
            .setSubmissionId("s3")
            .setTrackingNumber("OEWG-2026-000003")
            .setReceivedAt(Instant.parse("2026-03-01T08:00:00Z"))
            .build();

    final String body = Receipts.body(copy, "OEWG 2026", first, LIMITS);

    assertThat(Receipts.subject(copy, first))
        .isEqualTo("Already received: OEWG-2026-000003 [OEWG] Our input");
    assertThat(body)
        .contains(
            "We have received this input before",
            "Sun, 1 Mar 2026 08:00:00 GMT",
            "tracking number OEWG-2026-000003",
            "will not be posted a second time")
        .doesNotContain("OEWG-2026-000009");
  }

  @Test
  void shouldSayAnEmptyMessageWillNotBePostedAndWhy() {
    final SubmissionReceived empty = submission("s4", "OEWG-2026-000004", "  \n ");
    final SubmissionReceived scanOnly =
        submission(
            "s5",
            "OEWG-2026-000005",
            "",
            attachment("scan.jpg", 300_000, AttachmentStatus.NO_TEXT, null));

    assertThat(Receipts.subject(empty, null)).startsWith("Received, not to be posted: ");
    assertThat(Receipts.body(empty, null, null, LIMITS))
        .contains("will not be posted: it has no text. The message is empty.", "send it again");
    assertThat(Receipts.body(scanOnly, null, null, LIMITS))
        .contains("no text could be read from its attachments", "not a scanned image");
    assertThat(Receipts.hasNoText(submission("s6", "X-1", "Text."))).isFalse();
    assertThat(
            Receipts.hasNoText(
                submission(
                    "s7", "X-2", "", attachment("a.pdf", 9_000, AttachmentStatus.OK, "Annex"))))
        .isFalse();
  }

  @Test
  void shouldNameAnAnnexNotKeptWithTheLimitAndHowToSendIt() {
    final SubmissionReceived s =
        submission(
            "s8",
            "OEWG-2026-000008",
            "Please find our annex attached.",
            attachment("annex.pdf", 20L * 1024 * 1024, AttachmentStatus.OVERSIZED, null),
            attachment("small.pdf", 12_000, AttachmentStatus.OK, "text"));

    final String body = Receipts.body(s, null, null, LIMITS);

    assertThat(body)
        .contains(
            "annex.pdf (20 MB)",
            "NOT KEPT: it is larger than the 15 MB we accept per file",
            "as a link",
            "parts of at most 15 MB",
            "quoting OEWG-2026-000008",
            "small.pdf (12 KB)");
  }

  @Test
  void shouldSayWhenAnAnnexPassesThePerFileLimitButNotThePerMessageOne() {
    final SubmissionReceived s =
        submission(
            "s10",
            "OEWG-2026-000010",
            "Three annexes.",
            attachment("c.pdf", 10L * 1024 * 1024, AttachmentStatus.OVERSIZED, null));

    assertThat(Receipts.body(s, null, null, LIMITS))
        .contains("may not exceed 40 MB together", "separate email quoting OEWG-2026-000010");
  }
}
