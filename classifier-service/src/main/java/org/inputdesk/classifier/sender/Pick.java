package org.inputdesk.classifier.sender;

import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;

/**
 * What the resolver settled on before verification: a sender type, the organisation as written, the
 * State or known organisation behind it, the basis and confidence, the words it was read from and
 * the directory domain that matched; with the few picks every path makes.
 */
record Pick(
    String type,
    String organisation,
    State state,
    Organisation org,
    String country,
    String basis,
    double confidence,
    String evidence,
    String directoryDomain) {

  static Pick named(final Pick p, final String name) {
    return new Pick(
        p.type(),
        name,
        p.state(),
        p.org(),
        p.country(),
        p.basis(),
        p.confidence(),
        p.evidence(),
        p.directoryDomain());
  }

  static Pick individual(final String evidence) {
    return new Pick(
        SenderTypes.INDIVIDUAL, null, null, null, null, "personal-capacity", 0.8, evidence, null);
  }

  static Pick unknown(final String basis) {
    return new Pick(SenderTypes.UNKNOWN, null, null, null, null, basis, 0.0, null, null);
  }
}
