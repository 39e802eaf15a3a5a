package org.inputdesk.classifier.sender;

import java.util.Optional;
import org.inputdesk.classifier.sender.KnowledgeBase.DomainOwner;
import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;

/**
 * What the sender's address domain says alone: reads the address and the knowledge base (a
 * mission's un.int address, a ministry's or an organisation's own domain, a university's) or,
 * weaker, the top-level domain, and writes a {@link Pick}; also tells whether a claim speaks of the
 * same body as the domain.
 */
final class DomainReader {

  private final KnowledgeBase kb;

  DomainReader(final KnowledgeBase kb) {
    this.kb = kb;
  }

  static boolean isState(final String type) {
    return SenderTypes.MEMBER_STATE.equals(type) || SenderTypes.OBSERVER_STATE.equals(type);
  }

  /** What the address's domain alone says, or null when it says nothing. */
  Pick byDomain(final String address, final String domain) {
    final Optional<State> mission = kb.stateOfUnIntAddress(address);
    if (mission.isPresent()) {
      final State s = mission.get();
      return new Pick(s.type(), null, s, null, s.iso3(), "kb:un.int", 0.9, null, null);
    }
    if ("un.int".equals(domain) || domain.endsWith(".un.int")) {
      return new Pick(
          SenderTypes.MEMBER_STATE, null, null, null, null, "kb:un.int", 0.5, null, null);
    }
    final Optional<DomainOwner> owner = kb.owner(domain);
    if (owner.isPresent()) {
      final DomainOwner o = owner.get();
      if (o.organisation() != null) {
        final Organisation org = o.organisation();
        return new Pick(org.type(), null, null, org, org.country(), o.kind(), 0.9, null, null);
      }
      final State s = o.state();
      return new Pick(
          s.type(),
          null,
          s,
          null,
          s.iso3(),
          o.kind(),
          "kb:gov".equals(o.kind()) ? 0.85 : 0.9,
          null,
          null);
    }
    if (kb.isAcademic(domain)) {
      return new Pick(
          SenderTypes.ACADEMIA, null, null, null, null, "kb:academic", 0.85, null, null);
    }
    return null;
  }

  /** True when a claim speaks of what the domain belongs to, or of a part of it. */
  static boolean consistent(final Pick domain, final Claim c) {
    if (domain.state() != null || "kb:un.int".equals(domain.basis())) {
      if (c.state() != null) {
        return domain.state() == null || c.state() == domain.state();
      }
      if (c.org() != null) {
        return SenderTypes.MEMBER_STATE.equals(c.org().type())
            && domain.state() != null
            && domain.state().iso3().equals(c.org().country());
      }
      return SenderTypes.isState(c.type()) || SenderTypes.UNKNOWN.equals(c.type());
    }
    if (domain.org() != null) {
      if (c.org() != null) {
        return c.org() == domain.org()
            || "United Nations".equals(domain.org().name())
                && SenderTypes.UN_ENTITY.equals(c.type());
      }
      return c.state() == null
          && (c.type().equals(domain.type()) || SenderTypes.UNKNOWN.equals(c.type()));
    }
    // a university's domain
    return c.state() == null
            && c.org() == null
            && (SenderTypes.ACADEMIA.equals(c.type()) || SenderTypes.UNKNOWN.equals(c.type()))
        || c.org() != null && SenderTypes.ACADEMIA.equals(c.org().type());
  }

  static Pick weakDomain(final String domain) {
    final String tld = domain.substring(domain.lastIndexOf('.') + 1);
    if (domain.endsWith(".edu") || domain.contains(".edu.") || domain.contains(".ac.")) {
      return new Pick(
          SenderTypes.ACADEMIA, null, null, null, null, "domain:academic", 0.7, null, null);
    }
    if ("int".equals(tld)) {
      return new Pick(SenderTypes.IGO, null, null, null, null, "domain:int", 0.5, null, null);
    }
    if ("ngo".equals(tld)
        || "ong".equals(tld)
        || "org".equals(tld)
        || domain.contains(".org.")
        || domain.contains(".or.")) {
      return new Pick(SenderTypes.NGO, null, null, null, null, "domain:org", 0.45, null, null);
    }
    if ("com".equals(tld)
        || "biz".equals(tld)
        || "io".equals(tld)
        || "co".equals(tld)
        || domain.contains(".co.")
        || domain.contains(".com.")) {
      return new Pick(
          SenderTypes.PRIVATE_SECTOR, null, null, null, null, "domain:commercial", 0.5, null, null);
    }
    return Pick.unknown("none");
  }
}
