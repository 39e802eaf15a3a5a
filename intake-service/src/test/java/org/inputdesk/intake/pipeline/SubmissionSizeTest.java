package org.inputdesk.intake.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.junit.jupiter.api.Test;

class SubmissionSizeTest {

  @Test
  void shouldCutTheLongestExtractedTextsSoTheRecordFitsABrokersDefaultLimit() {
    final String big = "word ".repeat(200_000);
    final SubmissionReceived s =
        SubmissionReceived.newBuilder()
            .setId("sub-1")
            .setSource(new MailSource(SourceKind.IMAP, "m", 1L, 1L))
            .setReceivedAt(Instant.EPOCH)
            .setFrom(new Address("a@example.org", null))
            .setTextParts(
                List.of(new TextPart(TextKind.PLAIN, "UTF-8", "Short body.", "<p>" + big, null)))
            .setAttachments(
                List.of(
                    AttachmentRef.newBuilder()
                        .setSha256("00")
                        .setFilename("a.pdf")
                        .setContentType("application/pdf")
                        .setSize(1)
                        .setStatus(AttachmentStatus.OK)
                        .setText(big)
                        .build()))
            .setContentSha256("0")
            .build();
    assertThat(RecordTrimmer.serializeToFit(s).length)
        .isLessThanOrEqualTo(RecordTrimmer.MAX_SUBMISSION_BYTES);
    assertThat(s.getTextParts().get(0).getText()).isEqualTo("Short body.");
    assertThat(s.getAttachments().get(0).getStatusReason()).contains("cut");
  }
}
