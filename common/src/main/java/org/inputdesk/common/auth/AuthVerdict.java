package org.inputdesk.common.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.inputdesk.common.auth.AuthenticationResults.MethodResult;
import org.inputdesk.schemas.MailAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the trusted Authentication-Results headers say of the From domain. DMARC counts when it
 * judged that very domain ({@code header.from}); DKIM when a signature's domain aligns with it, and
 * SPF when the envelope sender's does (relaxed: the same domain, or one a subdomain of the other).
 * The verdict is {@code pass} for DMARC pass, or, without a DMARC result, an aligned DKIM pass;
 * {@code fail} for DMARC fail; otherwise {@code not-verified}, and so when the trusted headers
 * contradict each other. Reads the headers given; writes nothing.
 */
public final class AuthVerdict {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerdict.class);

  public static final String PASS = "pass";
  public static final String FAIL = "fail";
  public static final String NONE = "none";
  public static final String NOT_VERIFIED = "not-verified";

  private AuthVerdict() {}

  /**
   * The authentication of a message.
   *
   * @param fromDomain the domain of the message's one From address, or null when it has none or
   *     several
   * @param trusted the trusted headers read, top first
   */
  public static MailAuthentication decide(
      final String fromDomain, final List<AuthenticationResults> trusted) {
    final String verifiedBy = trusted.isEmpty() ? null : trusted.get(0).authservId();
    final String domain = fromDomain == null ? null : Domains.normalise(fromDomain);
    if (domain == null || domain.isEmpty() || trusted.isEmpty()) {
      if (domain == null && !trusted.isEmpty()) {
        LOG.debug("Not verified: the message has no single From address");
      }
      return build(domain, Stated.EMPTY, Stated.EMPTY, Stated.EMPTY, verifiedBy, NOT_VERIFIED);
    }
    final Stated dmarc = new Stated();
    final Stated dkim = new Stated();
    final Stated spf = new Stated();
    for (final AuthenticationResults header : trusted) {
      final Stated dkimHere = new Stated();
      for (final MethodResult r : header.results()) {
        switch (r.method()) {
          case "dmarc" -> {
            if (domain.equals(Domains.normalise(r.property("header.from")))) {
              dmarc.add(r.result());
            }
          }
          case "dkim" -> {
            if (Domains.aligned(domain, dkimDomain(r))) {
              dkimHere.add(r.result());
            }
          }
          case "spf" -> {
            if (Domains.aligned(domain, Domains.ofAddress(r.property("smtp.mailfrom")))) {
              spf.add(r.result());
            }
          }
          default -> {
            // other methods (arc, iprev, auth, compauth) do not speak for the From domain
          }
        }
      }
      if (!dkimHere.isEmpty()) {
        // one passing aligned signature is enough for DKIM: a header says pass if any passed
        dkim.add(dkimHere.anyPass() ? PASS : dkimHere.value());
      }
    }
    return build(domain, dmarc, dkim, spf, verifiedBy, verdict(dmarc, dkim, spf));
  }

  private static String verdict(final Stated dmarc, final Stated dkim, final Stated spf) {
    if (dmarc.disagrees() || dkim.disagrees() || spf.disagrees()) {
      LOG.debug(
          "Not verified: trusted results disagree (dmarc {}, dkim {}, spf {})",
          dmarc.disagrees() ? "pass and " + dmarc.value() : "agrees",
          dkim.disagrees() ? "pass and " + dkim.value() : "agrees",
          spf.disagrees() ? "pass and " + spf.value() : "agrees");
      return NOT_VERIFIED;
    }
    final String d = dmarc.value();
    if (d.equals(PASS)) {
      return PASS;
    }
    if (d.equals(FAIL)) {
      return FAIL;
    }
    if (d.equals(NONE) && dkim.value().equals(PASS)) {
      return PASS;
    }
    return NOT_VERIFIED;
  }

  /** The signing domain: header.d, else the domain of header.i. */
  private static String dkimDomain(final MethodResult r) {
    final String d = r.property("header.d");
    return d != null ? Domains.normalise(d) : Domains.ofAddress(r.property("header.i"));
  }

  private static MailAuthentication build(
      final String fromDomain,
      final Stated dmarc,
      final Stated dkim,
      final Stated spf,
      final String verifiedBy,
      final String verdict) {
    return MailAuthentication.newBuilder()
        .setFromDomain(fromDomain == null || fromDomain.isEmpty() ? null : fromDomain)
        .setDmarc(dmarc.value())
        .setDkim(dkim.value())
        .setSpf(spf.value())
        .setVerifiedBy(verifiedBy)
        .setVerdict(verdict)
        .build();
  }

  /** The results stated for one method, one per resinfo (or per header for DKIM). */
  private static final class Stated {
    static final Stated EMPTY = new Stated();

    private final List<String> results = new ArrayList<>();

    void add(final String result) {
      results.add(result.toLowerCase(Locale.ROOT));
    }

    boolean isEmpty() {
      return results.isEmpty();
    }

    boolean anyPass() {
      return results.contains(PASS);
    }

    /** One said pass, another something else. */
    boolean disagrees() {
      return anyPass() && results.stream().anyMatch(r -> !r.equals(PASS));
    }

    /** none when nothing was said; pass when all said pass; else the first other result. */
    String value() {
      return results.stream()
          .filter(r -> !r.equals(PASS))
          .findFirst()
          .orElse(anyPass() ? PASS : NONE);
    }
  }
}
