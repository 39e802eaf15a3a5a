package org.inputdesk.classifier.sender;

import java.util.Locale;
import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;
import org.inputdesk.schemas.MailAuthentication;

/**
 * Decides whether a claim is backed: reads the claimed State or organisation, the address it was
 * sent from and what the trusted receiving servers said of that address's domain, and writes
 * whether it is verified with the reason an operator reads. Verified: the authenticated From domain
 * (DMARC pass or aligned DKIM pass) belongs to the claimed organisation (its knowledge-base or
 * directory domains; for a State its ministry and government domains, or un.int with its token).
 */
final class Verifier {

  /** The outcome and its reason. */
  record Verdict(boolean verified, String reason) {}

  private final KnowledgeBase kb;

  Verifier(final KnowledgeBase kb) {
    this.kb = kb;
  }

  /**
   * @param source how the claim was read (letterhead, signature, kb:domain, ...)
   * @param name the claimed organisation's name for the reason, may be null
   * @param directoryDomain a directory entry's domain that speaks for this organisation, or null
   */
  Verdict verify(
      final String type,
      final State state,
      final Organisation org,
      final String name,
      final String source,
      final String address,
      final String forwardedBy,
      final MailAuthentication auth,
      final String directoryDomain) {
    final String domain = domainOf(address);
    if (address == null) {
      return new Verdict(
          false,
          forwardedBy != null
              ? "forwarded by " + forwardedBy + " without the original sender's address"
              : "no single sender address");
    }
    final String only = textual(source) ? source + " only, " : "";
    if (auth == null || auth.getFromDomain() == null) {
      return new Verdict(false, only + "sent from " + domain + ", domain not authenticated");
    }
    final String authDomain = auth.getFromDomain().toLowerCase(Locale.ROOT);
    if (!authDomain.equals(domain)) {
      return new Verdict(
          false,
          forwardedBy != null
              ? only
                  + "forwarded by "
                  + forwardedBy
                  + "; the original sender's domain "
                  + domain
                  + " is not authenticated"
              : only + "sent from " + domain + ", authentication was for " + authDomain);
    }
    final String verdict = auth.getVerdict() == null ? "not-verified" : auth.getVerdict();
    if ("fail".equals(verdict)) {
      return new Verdict(false, only + "sent from " + domain + ", dmarc=fail");
    }
    if (!"pass".equals(verdict)) {
      return new Verdict(false, only + "sent from " + domain + ", domain not authenticated");
    }
    final String how =
        ("pass".equals(auth.getDmarc()) ? "dmarc=pass" : "dkim=pass")
            + " for "
            + domain
            + (auth.getVerifiedBy() == null ? "" : " (" + auth.getVerifiedBy() + ")");
    if (belongs(type, state, org, address, domain, directoryDomain)) {
      return new Verdict(true, how);
    }
    if (SenderTypes.INDIVIDUAL.equals(type)) {
      return new Verdict(true, how + ", the address's own domain");
    }
    final String whose = name != null ? name : state != null ? state.name() : type;
    final String free = kb.isFreeMail(domain) ? " (free mail)" : "";
    return new Verdict(
        false, only + "sent from " + domain + free + ", " + how + ", but not a domain of " + whose);
  }

  private boolean belongs(
      final String type,
      final State state,
      final Organisation org,
      final String address,
      final String domain,
      final String directoryDomain) {
    if (directoryDomain != null
        && (domain.equals(directoryDomain) || domain.endsWith("." + directoryDomain))) {
      return true;
    }
    if (state != null && SenderTypes.isState(type)) {
      return kb.belongsToState(state, domain)
          || kb.stateOfUnIntAddress(address).map(s -> s == state).orElse(false);
    }
    if (org != null) {
      if (KnowledgeBase.belongsToOrganisation(org, domain)) {
        return true;
      }
      // an agency of a State writing from the State's government domains
      final State of = org.country() == null ? null : kb.state(org.country()).orElse(null);
      return of != null
          && SenderTypes.MEMBER_STATE.equals(org.type())
          && kb.belongsToState(of, domain);
    }
    if (SenderTypes.ACADEMIA.equals(type)) {
      return kb.isAcademic(domain);
    }
    return false;
  }

  /** True for a claim read from the text alone: "letterhead only, ...". */
  private static boolean textual(final String source) {
    return source != null
        && switch (source) {
          case "letterhead", "signature", "on-behalf", "text", "display-name" -> true;
          default -> false;
        };
  }

  static String domainOf(final String address) {
    if (address == null) {
      return "";
    }
    final int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }
}
