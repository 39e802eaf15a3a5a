package org.inputdesk.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.inputdesk.classifier.sender.KnowledgeBase;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SubmissionClassified;

/**
 * The sender-directory entry an operator's sender correction implies: reads the corrected input and
 * writes an entry for its sender's address when it is free mail (a free-mail domain says nothing of
 * who writes from it), else for its @domain. None for a forwarded input (the From is the forwarder)
 * or an input without a From address.
 */
final class DirectoryProposal {

  private DirectoryProposal() {}

  static Optional<SenderDirectoryEntry> of(
      final SubmissionClassified input,
      final String type,
      final String organisation,
      final String country,
      final String by) {
    final SenderInfo sender = input.getSender();
    if (input.getSubmission().getFrom() == null
        || (sender != null && sender.getForwardedBy() != null)) {
      return Optional.empty();
    }
    final String address = input.getSubmission().getFrom().getAddress().toLowerCase(Locale.ROOT);
    final int at = address.lastIndexOf('@');
    if (at < 1 || at == address.length() - 1) {
      return Optional.empty();
    }
    final String domain = address.substring(at + 1);
    final String key = KnowledgeBase.shared().isFreeMail(domain) ? address : "@" + domain;
    return Optional.of(
        SenderDirectoryEntry.newBuilder()
            .setKey(key)
            .setSenderType(type != null ? type : sender == null ? "unknown" : sender.getType())
            .setOrganisation(
                organisation != null
                    ? organisation
                    : sender == null ? null : sender.getOrganisation())
            .setCountry(country != null ? country : sender == null ? null : sender.getCountry())
            .setUpdatedAt(Instant.now())
            .setUpdatedBy(by)
            .build());
  }

  static String whyNone(final SubmissionClassified input) {
    if (input.getSender() != null && input.getSender().getForwardedBy() != null) {
      return "no sender-directory entry proposed: the input was forwarded by "
          + input.getSender().getForwardedBy()
          + "; add the original sender's address with `inputdesk directory apply`";
    }
    return "no sender-directory entry proposed: the input has no usable From address";
  }
}
