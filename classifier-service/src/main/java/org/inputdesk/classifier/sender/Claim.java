package org.inputdesk.classifier.sender;

import java.util.Locale;
import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;

/**
 * What a text says of its sender: a type, the organisation's name as written, the State or known
 * organisation it stands for, where it was read ({@link Source}) and the words it was read from.
 *
 * @param block which text it was read from: 0 the body, 1 and more the attachments
 * @param level 3 for an organisation as a whole (a mission, a ministry, a university, a company), 2
 *     for a think tank or association whose scope the text does not tell, 1 for a part of something
 *     larger (a faculty, a division)
 */
record Claim(
    String type,
    String organisation,
    State state,
    Organisation org,
    Source source,
    int level,
    String evidence,
    int block) {

  Claim(
      final String type,
      final String organisation,
      final State state,
      final Organisation org,
      final Source source,
      final int level,
      final String evidence) {
    this(type, organisation, state, org, source, level, evidence, 0);
  }

  /** Where in the message a claim was read. */
  enum Source {
    LETTERHEAD("letterhead", 6),
    SIGNATURE("signature", 6),
    ON_BEHALF("on-behalf", 7),
    TEXT("text", 4),
    DISPLAY_NAME("display-name", 2),
    SUBJECT("subject", 1);

    final String basis;
    final int weight;

    Source(final String basis, final int weight) {
      this.basis = basis;
      this.weight = weight;
    }
  }

  /** The country a State claim or a national organisation stands for (alpha-3), or null. */
  String country() {
    if (state != null) {
      return state.iso3();
    }
    return org == null ? null : org.country();
  }

  /** True when both claims stand for the same State or the same organisation. */
  boolean sameEntity(final Claim other) {
    if (state != null || other.state != null) {
      return state != null
          && other.state != null
          && state.iso3().equals(other.state.iso3())
          && SenderTypes.isState(type) == SenderTypes.isState(other.type);
    }
    if (org != null || other.org != null) {
      return org == other.org;
    }
    return organisation != null
        && other.organisation != null
        && key(organisation).equals(key(other.organisation));
  }

  int score() {
    return level * 10 + source.weight;
  }

  /** The same claim read from the given text: 0 the body, 1 and more the attachments. */
  Claim inBlock(final int b) {
    return new Claim(type, organisation, state, org, source, level, evidence, b);
  }

  private static String key(final String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
