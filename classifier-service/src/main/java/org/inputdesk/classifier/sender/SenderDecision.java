package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.schemas.SenderDirectoryEntry;

/**
 * Decides who sent a message before verification, in order: reads the address, the sender
 * directory, the claims the text makes and the knowledge base, and writes a {@link Pick}: the
 * directory entry (address, then domain); "in my personal capacity"; the domain with what the text
 * says of the same body; else the strongest claim; else free mail signed by a name is a person.
 */
final class SenderDecision {

  private final KnowledgeBase kb;
  private final DomainReader domains;

  SenderDecision(final KnowledgeBase kb) {
    this.kb = kb;
    this.domains = new DomainReader(kb);
  }

  Pick decide(
      final String address,
      final ClaimReader.Reading reading,
      final Function<String, Optional<SenderDirectoryEntry>> directory,
      final boolean several,
      final boolean forwardWithoutHeaders,
      final String text) {
    final String domain = Verifier.domainOf(address);
    if (address != null) {
      final Optional<SenderDirectoryEntry> byAddress = safe(directory, address);
      if (byAddress.isPresent()) {
        return fromDirectory(byAddress.get(), 1.0, "directory:address", null);
      }
    }
    for (final String d : KnowledgeBase.domainAndParents(domain)) {
      final Optional<SenderDirectoryEntry> byDomain = safe(directory, "@" + d);
      if (byDomain.isPresent()) {
        if (reading.personalEvidence() != null) {
          return Pick.individual(reading.personalEvidence());
        }
        return fromDirectory(byDomain.get(), 0.95, "directory:domain", d);
      }
    }
    if (reading.personalEvidence() != null) {
      return Pick.individual(reading.personalEvidence());
    }
    final boolean freeMail = kb.isFreeMail(domain);
    final List<Claim> claims = new ArrayList<>();
    for (final Claim c : reading.claims()) {
      if (c.source() == Source.DISPLAY_NAME && (freeMail || several || address == null)) {
        continue; // anyone can name their free-mail account "Ministry of Foreign Affairs"
      }
      claims.add(c);
    }
    final Pick byDomain = address == null ? null : domains.byDomain(address, domain);
    if (byDomain != null) {
      final List<Claim> same = new ArrayList<>();
      for (final Claim c : claims) {
        if (DomainReader.consistent(byDomain, c)) {
          same.add(c);
        }
      }
      // "on behalf of DIGITALEUROPE" from a member company's address: the association speaks
      // but a State's own mission or ministry speaking for a group of States is still the State
      final Claim behalf = ClaimWeigher.strongest(claims, Source.ON_BEHALF);
      if (behalf != null
          && !DomainReader.consistent(byDomain, behalf)
          && !DomainReader.isState(byDomain.type())) {
        return ClaimWeigher.fromClaim(behalf, claims, 0.75);
      }
      boolean sameIsStrong = false;
      for (final Claim c : same) {
        sameIsStrong |= c.level() >= 2 || c.org() != null || c.state() != null;
      }
      if (sameIsStrong) {
        return ClaimWeigher.confirmed(byDomain, same);
      }
      final Claim strong = ClaimWeigher.strongest(claims, null);
      if (strong != null) {
        return ClaimWeigher.fromClaim(strong, claims, 0.75);
      }
      return same.isEmpty()
          ? Pick.named(byDomain, ClaimWeigher.fallbackName(byDomain.state(), byDomain.org()))
          : ClaimWeigher.confirmed(byDomain, same);
    }
    final Claim strong = ClaimWeigher.strongest(claims, null);
    if (strong != null) {
      return ClaimWeigher.fromClaim(strong, claims, freeMail ? 0.65 : 0.75);
    }
    if (address == null) {
      return Pick.unknown(
          several ? "several-addresses" : forwardWithoutHeaders ? "forward" : "no-address");
    }
    if (freeMail) {
      return reading.signedBy() != null
          ? new Pick(
              SenderTypes.INDIVIDUAL,
              null,
              null,
              null,
              null,
              "freemail:signed",
              0.6,
              reading.signedBy(),
              null)
          : Pick.unknown("freemail");
    }
    final Pick weak = DomainReader.weakDomain(domain);
    final Claim own = ClaimWeigher.ownName(claims);
    if (SenderTypes.UNKNOWN.equals(weak.type())) {
      return weak;
    }
    if (own == null) {
      final String spelled = DomainNamedLine.find(text, domain);
      return spelled == null ? weak : Pick.named(weak, spelled);
    }
    return new Pick(
        weak.type(),
        own.organisation(),
        null,
        null,
        null,
        weak.basis(),
        weak.confidence() + 0.1,
        own.evidence(),
        null);
  }

  static Optional<SenderDirectoryEntry> safe(
      final Function<String, Optional<SenderDirectoryEntry>> directory, final String key) {
    try {
      final Optional<SenderDirectoryEntry> e = directory.apply(key);
      return e == null ? Optional.empty() : e;
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  Pick fromDirectory(
      final SenderDirectoryEntry e, final double confidence, final String basis, final String d) {
    final String type =
        SenderTypes.ALL.contains(e.getSenderType()) ? e.getSenderType() : SenderTypes.UNKNOWN;
    return new Pick(
        type,
        e.getOrganisation(),
        kb.state(e.getCountry()).orElse(null),
        null,
        e.getCountry(),
        basis,
        confidence,
        null,
        d);
  }
}
