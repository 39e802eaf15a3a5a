package org.inputdesk.classifier.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.inputdesk.classifier.BenchInputs;
import org.inputdesk.schemas.SubmissionReceived;
import org.junit.jupiter.api.Test;

class LinkKeysTest {

  private final CampaignDetector detector = new CampaignDetector();

  @Test
  void shouldCarryWhatTheFinderReadsOfASubmission() {
    final SubmissionReceived received = BenchInputs.input(5, 1);
    final LinkKeys keys = LinkKeys.of(received, detector);

    assertThat(keys.id()).isEqualTo(received.getId());
    assertThat(keys.duplicateKeys()).isEqualTo(DuplicateKeys.of(received));
    assertThat(keys.signature())
        .isEqualTo(detector.signature(received.getTextParts().get(0).getText()));
    // a few hundred bytes instead of the whole submission
    final byte[] encoded = LinkKeys.SERDE.serializer().serialize("t", keys);
    assertThat(encoded.length).isLessThan(600);
    final LinkKeys decoded = LinkKeys.SERDE.deserializer().deserialize("t", encoded);
    assertThat(decoded.id()).isEqualTo(keys.id());
    assertThat(decoded.duplicateKeys()).isEqualTo(keys.duplicateKeys());
    assertThat(decoded.signature()).isEqualTo(keys.signature());
  }

  @Test
  void shouldKeepAMissingSignatureAndLongKeys() {
    final String longMessageId = "oewg|mid|<" + "x".repeat(70_000) + "@example.org>";
    final LinkKeys keys = new LinkKeys("id-1", List.of(longMessageId), null);
    final LinkKeys decoded = LinkKeys.decode(keys.encode());
    assertThat(decoded.signature()).isNull();
    assertThat(decoded.duplicateKeys()).containsExactly(longMessageId);
  }

  @Test
  void shouldRefuseRecordsItCannotRead() {
    assertThatThrownBy(() -> LinkKeys.decode(new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> LinkKeys.decode(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }
}
