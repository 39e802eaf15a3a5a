package org.inputdesk.classifier.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.inputdesk.classifier.BenchInputs;
import org.inputdesk.schemas.SubmissionReceived;
import org.junit.jupiter.api.Test;

/** What crosses the link topics of a submission, and that it survives the trip. */
class LinkKeysTest {

  private final CampaignDetector detector = new CampaignDetector();

  @Test
  void shouldCarryWhatTheFinderReadsOfASubmissionInAFewHundredBytes() {
    final SubmissionReceived received = BenchInputs.input(5, 1);
    final LinkKeys keys = LinkKeys.of(received, detector);

    assertThat(keys.id()).isEqualTo(received.getId());
    assertThat(keys.duplicateKeys()).isEqualTo(DuplicateKeys.of(received));
    assertThat(keys.signature())
        .isEqualTo(detector.signature(received.getTextParts().get(0).getText()));
    // the submission's own record on the link topics: a few hundred bytes, not the whole input
    final LinkMessage own =
        LinkMessage.submission(
            keys.id(), keys.duplicateKeys().size(), received.getConsultationId(), keys.signature());
    final byte[] encoded = LinkMessage.SERDE.serializer().serialize("t", own);
    assertThat(encoded.length).isLessThan(600);
    final LinkMessage decoded = LinkMessage.SERDE.deserializer().deserialize("t", encoded);
    assertThat(decoded.id()).isEqualTo(keys.id());
    assertThat(decoded.expected()).isEqualTo(keys.duplicateKeys().size());
    assertThat(decoded.signature()).isEqualTo(keys.signature());
  }

  @Test
  void shouldKeepAMissingSignatureAndLongKeys() {
    final String longMessageId = "oewg|mid|<" + "x".repeat(70_000) + "@example.org>";
    final LinkMessage answer =
        LinkMessage.duplicateAsk("id-1", 0, 1)
            .answer(LinkMessage.Kind.DUPLICATE_ANSWER, longMessageId);
    final LinkMessage decoded = LinkMessage.decode(answer.encode());
    assertThat(decoded.signature()).isNull();
    assertThat(decoded.other()).isEqualTo(longMessageId);
    assertThat(decoded.kind()).isEqualTo(LinkMessage.Kind.DUPLICATE_ANSWER);
  }

  @Test
  void shouldRefuseRecordsItCannotRead() {
    assertThatThrownBy(() -> LinkMessage.decode(new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> LinkMessage.decode(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unreadable");
  }
}
