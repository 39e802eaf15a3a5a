package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.inputdesk.classifier.sender.Claim.Source;
import org.inputdesk.classifier.sender.KnowledgeBase.DomainOwner;
import org.inputdesk.classifier.sender.KnowledgeBase.Organisation;
import org.inputdesk.classifier.sender.KnowledgeBase.State;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;

/**
 * Decides who sent an input and whether that is verified: reads the From mailboxes as written, the
 * subject, the body, the attachments' text, the trusted servers' authentication verdict and the
 * sender directory; writes a {@link SenderInfo} (type, organisation as written, country, basis,
 * confidence, verified and why, the words the claim was read from, who forwarded it) and the body
 * without a forwarding note or quoted earlier messages. Order: the directory (address, then
 * domain); "in my personal capacity"; the knowledge base's domains (a mission's un.int address, a
 * ministry's or an organisation's own domain, a university's) with what the text says of the same
 * organisation; else what the letterhead, signature or "on behalf of" claims; else free mail is a
 * person only when a name signs it. Never throws on what a message holds.
 */
public final class SenderResolver {

  /** One message as the resolver reads it. */
  public record Input(
      List<FromHeader.Mailbox> from,
      String forwardedBy,
      String subject,
      String body,
      List<String> attachments,
      MailAuthentication authentication) {}

  /** The decision and the body as the sender's own input. */
  public record Resolution(SenderInfo sender, ForwardReader.Unwrapped body) {}

  private static volatile SenderResolver shared;

  private static final Pattern SECRETARIAT =
      Pattern.compile("(?i)^(?:the\\s+)?(?:general\\s+)?secretariat\\s+of\\s+(?:the\\s+)?|\\s+(?:general\\s+)?secretariat$");

  private final KnowledgeBase kb;
  private final ClaimReader reader;
  private final Verifier verifier;

  public SenderResolver(final KnowledgeBase kb) {
    this.kb = kb;
    this.reader = new ClaimReader(new NameIndex(kb));
    this.verifier = new Verifier(kb);
  }

  /** The resolver over the shipped knowledge base, built once. */
  public static SenderResolver shared() {
    SenderResolver r = shared;
    if (r == null) {
      synchronized (SenderResolver.class) {
        r = shared;
        if (r == null) {
          r = new SenderResolver(KnowledgeBase.shared());
          shared = r;
        }
      }
    }
    return r;
  }

  /** What the resolver settled on before verification. */
  private record Pick(
      String type,
      String organisation,
      State state,
      Organisation org,
      String country,
      String basis,
      double confidence,
      String evidence,
      String directoryDomain) {}

  /** The decision and the submission as analysed and published: its own text only. */
  public record Received(SenderInfo sender, SubmissionReceived submission) {}

  /**
   * Resolves a received submission; its text parts come back without a forwarding note or quoted
   * earlier messages (an HTML part then without its HTML, so its text is what is shown), its
   * subject without the forward prefix.
   */
  public Received resolve(
      final SubmissionReceived received,
      final Function<String, Optional<SenderDirectoryEntry>> directory) {
    final List<FromHeader.Mailbox> from = new ArrayList<>(1);
    if (received.getFrom() != null) {
      from.add(
          new FromHeader.Mailbox(received.getFrom().getAddress(), received.getFrom().getName()));
    }
    final List<TextPart> parts = received.getTextParts();
    final int bodyIndex = bodyIndex(parts);
    final List<String> attachments = new ArrayList<>();
    for (final AttachmentRef a : received.getAttachments()) {
      if (a.getText() != null && !a.getText().isBlank()) {
        attachments.add(a.getText());
      }
    }
    final Resolution r =
        resolve(
            new Input(
                from,
                received.getForwardedBy() == null ? null : received.getForwardedBy().getAddress(),
                received.getSubject(),
                bodyIndex < 0 ? "" : parts.get(bodyIndex).getText(),
                attachments,
                received.getAuthentication()),
            directory);
    if (!r.body().textChanged() && !r.body().forwarded()) {
      return new Received(r.sender(), received);
    }
    final List<TextPart> cleaned = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      final TextPart p = parts.get(i);
      final String text =
          i == bodyIndex
              ? r.body().text()
              : ForwardReader.read(received.getSubject(), p.getText()).text();
      if (text.equals(p.getText())) {
        cleaned.add(p);
      } else {
        cleaned.add(
            TextPart.newBuilder(p)
                .setText(text)
                .setHtml(p.getKind() == TextKind.HTML ? null : p.getHtml())
                .build());
      }
    }
    final String subject =
        r.body().forwarded()
            ? ForwardReader.withoutForwardPrefix(received.getSubject())
            : received.getSubject();
    return new Received(
        r.sender(),
        SubmissionReceived.newBuilder(received)
            .setTextParts(cleaned)
            .setSubject(subject == null ? "" : subject)
            .build());
  }

  // the plain part when there is one, as the classifier reads it
  private static int bodyIndex(final List<TextPart> parts) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).getKind() == TextKind.PLAIN && !parts.get(i).getText().isBlank()) {
        return i;
      }
    }
    return parts.isEmpty() ? -1 : 0;
  }

  /** Resolves one message; {@code directory} looks up a lower-cased address or {@code @domain}. */
  public Resolution resolve(
      final Input in, final Function<String, Optional<SenderDirectoryEntry>> directory) {
    try {
      return resolveOrThrow(in, directory);
    } catch (RuntimeException | StackOverflowError e) {
      // a message this code cannot read is held as unknown, never lost to an exception
      final String body = in.body() == null ? "" : in.body();
      return new Resolution(
          SenderInfo.newBuilder()
              .setType(SenderTypes.UNKNOWN)
              .setConfidence(0.0)
              .setBasis("unreadable")
              .setVerified(false)
              .setVerification("the sender could not be read: " + e.getClass().getSimpleName())
              .build(),
          new ForwardReader.Unwrapped(body, false, null, null, false));
    }
  }

  private Resolution resolveOrThrow(
      final Input in, final Function<String, Optional<SenderDirectoryEntry>> directory) {
    final String subject = in.subject() == null ? "" : in.subject();
    final ForwardReader.Unwrapped body = ForwardReader.read(subject, in.body());
    final List<FromHeader.Mailbox> from =
        in.from() == null
            ? List.of()
            : in.from().stream().filter(m -> m.address() != null).toList();
    final FromHeader.Mailbox first =
        from.isEmpty()
            ? (in.from() == null || in.from().isEmpty() ? null : in.from().get(0))
            : from.get(0);

    FromHeader.Mailbox author;
    String forwardedBy = null;
    boolean several = false;
    if (in.forwardedBy() != null && !in.forwardedBy().isBlank()) {
      author = first;
      forwardedBy = in.forwardedBy();
    } else if (body.forwarded()) {
      author = body.original();
      forwardedBy = first == null ? null : first.address();
      if (author != null
          && author.address() != null
          && forwardedBy != null
          && author.address().equalsIgnoreCase(forwardedBy)) {
        forwardedBy = null; // a sender forwarding their own message
      }
    } else {
      several = from.size() > 1;
      author = several ? null : first;
    }
    final String address =
        author == null || author.address() == null
            ? null
            : author.address().toLowerCase(Locale.ROOT);
    final boolean inlineForward = body.forwarded() && forwardedBy != null;

    final ClaimReader.Reading reading =
        reader.read(
            body.text(), in.attachments(), ForwardReader.withoutForwardPrefix(subject), author);
    Pick pick =
        decide(
            address, reading, directory, several, body.forwarded() && author == null, body.text());
    if (several && SenderTypes.isOfficial(pick.type())) {
      pick =
          new Pick(
              pick.type(),
              pick.organisation(),
              pick.state(),
              pick.org(),
              pick.country(),
              pick.basis(),
              Math.min(pick.confidence(), 0.5),
              pick.evidence(),
              null);
    }
    final ForwardedAuth auth = new ForwardedAuth(in.authentication(), inlineForward);
    final Verifier.Verdict verdict = verdict(pick, several ? null : address, forwardedBy, auth);
    final SenderInfo info =
        SenderInfo.newBuilder()
            .setType(pick.type())
            .setOrganisation(pick.organisation())
            .setCountry(pick.country())
            .setConfidence(pick.confidence())
            .setBasis(pick.basis())
            .setVerified(verdict.verified())
            .setVerification(note(several, author) + verdict.reason())
            .setClaimEvidence(shorten(pick.evidence()))
            .setForwardedBy(forwardedBy)
            .build();
    return new Resolution(info, body);
  }

  /** What the From value itself makes doubtful, for the operator. */
  private static String note(final boolean several, final FromHeader.Mailbox author) {
    if (several) {
      return "several From addresses; ";
    }
    if (author != null
        && author.nameIsAddress()
        && author.address() != null
        && !author
            .name()
            .toLowerCase(Locale.ROOT)
            .contains(author.address().toLowerCase(Locale.ROOT))) {
      return "display name shows another address (" + author.name() + "); ";
    }
    return "";
  }

  /** The authentication verdict, and whether the message's author is not the one it speaks of. */
  private record ForwardedAuth(MailAuthentication auth, boolean inlineForward) {}

  private Verifier.Verdict verdict(
      final Pick pick, final String address, final String forwardedBy, final ForwardedAuth a) {
    if (SenderTypes.UNKNOWN.equals(pick.type())) {
      return new Verifier.Verdict(false, "nothing to verify: sender unknown");
    }
    final MailAuthentication auth = a.auth();
    if (pick.basis().startsWith("directory:")) {
      final boolean failed =
          auth != null
              && "fail".equals(auth.getVerdict())
              && Verifier.domainOf(address).equals(auth.getFromDomain());
      if (forwardedBy != null) {
        return new Verifier.Verdict(
            false, "directory entry for the original sender, but forwarded by " + forwardedBy);
      }
      if (failed) {
        return new Verifier.Verdict(
            false, "directory entry, but dmarc=fail for " + auth.getFromDomain());
      }
      return new Verifier.Verdict(
          true,
          pick.basis().equals("directory:address")
              ? "directory entry for this address"
              : "directory entry for @" + pick.directoryDomain());
    }
    return verifier.verify(
        pick.type(),
        pick.state(),
        pick.org(),
        pick.organisation(),
        pick.basis(),
        address,
        forwardedBy,
        auth,
        null);
  }

  private Pick decide(
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
          return individual(reading.personalEvidence());
        }
        return fromDirectory(byDomain.get(), 0.95, "directory:domain", d);
      }
    }
    if (reading.personalEvidence() != null) {
      return individual(reading.personalEvidence());
    }
    final boolean freeMail = kb.isFreeMail(domain);
    final List<Claim> claims = new ArrayList<>();
    for (final Claim c : reading.claims()) {
      if (c.source() == Source.DISPLAY_NAME && (freeMail || several || address == null)) {
        continue; // anyone can name their free-mail account "Ministry of Foreign Affairs"
      }
      claims.add(c);
    }
    final Pick byDomain = address == null ? null : byDomain(address, domain);
    if (byDomain != null) {
      final List<Claim> same = new ArrayList<>();
      for (final Claim c : claims) {
        if (consistent(byDomain, c)) {
          same.add(c);
        }
      }
      // "on behalf of DIGITALEUROPE" from a member company's address: the association speaks
      // but a State's own mission or ministry speaking for a group of States is still the State
      final Claim behalf = strongest(claims, Source.ON_BEHALF);
      if (behalf != null && !consistent(byDomain, behalf) && !isState(byDomain.type())) {
        return fromClaim(behalf, claims, 0.75);
      }
      boolean sameIsStrong = false;
      for (final Claim c : same) {
        sameIsStrong |= c.level() >= 2 || c.org() != null || c.state() != null;
      }
      if (sameIsStrong) {
        return confirmed(byDomain, same);
      }
      final Claim strong = strongest(claims, null);
      if (strong != null) {
        return fromClaim(strong, claims, 0.75);
      }
      return same.isEmpty()
          ? named(byDomain, fallbackName(byDomain.state(), byDomain.org()))
          : confirmed(byDomain, same);
    }
    final Claim strong = strongest(claims, null);
    if (strong != null) {
      return fromClaim(strong, claims, freeMail ? 0.65 : 0.75);
    }
    if (address == null) {
      return unknown(
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
          : unknown("freemail");
    }
    final Pick weak = weakDomain(domain);
    final Claim own = ownName(claims);
    if (SenderTypes.UNKNOWN.equals(weak.type())) {
      return weak;
    }
    if (own == null) {
      final String spelled = DomainNamedLine.find(text, domain);
      return spelled == null ? weak : named(weak, spelled);
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

  private static boolean isState(final String type) {
    return SenderTypes.MEMBER_STATE.equals(type) || SenderTypes.OBSERVER_STATE.equals(type);
  }

  /** A name the text gives the domain's own organisation, its type unknown. */
  private static Claim ownName(final List<Claim> claims) {
    Claim best = null;
    for (final Claim c : claims) {
      if (SenderTypes.UNKNOWN.equals(c.type())
          && c.level() >= 2
          && c.organisation() != null
          && (best == null || c.score() > best.score())) {
        best = c;
      }
    }
    return best;
  }

  private static Pick named(final Pick p, final String name) {
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

  private static Optional<SenderDirectoryEntry> safe(
      final Function<String, Optional<SenderDirectoryEntry>> directory, final String key) {
    try {
      final Optional<SenderDirectoryEntry> e = directory.apply(key);
      return e == null ? Optional.empty() : e;
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Pick fromDirectory(
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

  private static Pick individual(final String evidence) {
    return new Pick(
        SenderTypes.INDIVIDUAL, null, null, null, null, "personal-capacity", 0.8, evidence, null);
  }

  private static Pick unknown(final String basis) {
    return new Pick(SenderTypes.UNKNOWN, null, null, null, null, basis, 0.0, null, null);
  }

  /** What the address's domain alone says, or null when it says nothing. */
  private Pick byDomain(final String address, final String domain) {
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
  private static boolean consistent(final Pick domain, final Claim c) {
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

  /** The domain's organisation, named as the text writes it. */
  private Pick confirmed(final Pick domain, final List<Claim> same) {
    final List<Claim> exact = new ArrayList<>();
    for (final Claim c : same) {
      if (domain.org() != null && c.org() == domain.org() && !umbrella(domain.org())
          || domain.state() != null && c.state() == domain.state()) {
        exact.add(c);
      }
    }
    final Claim named = bestNamed(exact.isEmpty() ? same : exact);
    State state = domain.state();
    Organisation org = domain.org();
    String type = domain.type();
    if (state == null && named.state() != null) {
      state = named.state();
      type = state.type();
    }
    if (org != null && named.org() != null && named.org() != org) {
      org = named.org(); // un.org: the department the text names
      type = org.type();
    }
    if (org == null && state == null && named.org() != null) {
      org = named.org();
      type = org.type();
    }
    final String country = state != null ? state.iso3() : org != null ? org.country() : null;
    final String name =
        named.organisation() != null
            ? withoutSecretariat(named.organisation(), org)
            : fallbackName(state, org);
    return new Pick(
        type,
        name,
        state,
        org,
        country,
        domain.basis(),
        Math.max(domain.confidence(), 0.9),
        named.evidence(),
        null);
  }

  /**
   * "INTERPOL General Secretariat" is INTERPOL to a reader: the secretariat of a known
   * organisation is named as the organisation.
   */
  private static String withoutSecretariat(final String name, final Organisation org) {
    if (org == null) {
      return name;
    }
    final String bare = SECRETARIAT.matcher(name).replaceFirst("").strip();
    if (bare.equals(name) || bare.isEmpty()) {
      return name;
    }
    final List<String> names = new ArrayList<>(org.aliases() == null ? List.of() : org.aliases());
    names.add(org.name());
    names.add(org.fullName());
    for (final String n : names) {
      if (n != null && n.equalsIgnoreCase(bare)) {
        return bare;
      }
    }
    return name;
  }

  /** The claim that weighs most, of one source when it is given. */
  private static boolean umbrella(final Organisation o) {
    return "United Nations".equals(o.name());
  }

  private static Claim strongest(final List<Claim> claims, final Source only) {
    Claim best = null;
    for (final Claim c : claims) {
      if (c.level() < 2
          || SenderTypes.UNKNOWN.equals(c.type())
          || c.source() == Source.SUBJECT
          || only != null && c.source() != only) {
        continue;
      }
      if (best == null || c.score() > best.score()) {
        best = c;
      }
    }
    return best;
  }

  private Pick fromClaim(final Claim strong, final List<Claim> claims, final double confidence) {
    final List<Claim> same = new ArrayList<>();
    for (final Claim c : claims) {
      if (c.sameEntity(strong)) {
        same.add(c);
      }
    }
    final Claim named = bestNamed(same.isEmpty() ? List.of(strong) : same);
    final String name =
        named.organisation() != null
            ? named.organisation()
            : fallbackName(strong.state(), strong.org());
    final double c =
        strong.source() == Source.DISPLAY_NAME
            ? 0.55
            : strong.source() == Source.SIGNATURE || strong.source() == Source.TEXT
                ? confidence - 0.05
                : confidence;
    return new Pick(
        strong.type(),
        name,
        strong.state(),
        strong.org(),
        strong.country(),
        strong.source().basis,
        c,
        named.evidence(),
        null);
  }

  /** The claim that writes the name best: a whole line, of the highest level, not in capitals. */
  private static Claim bestNamed(final List<Claim> claims) {
    Claim best = null;
    int bestScore = Integer.MIN_VALUE;
    for (final Claim c : claims) {
      int s = (c.organisation() != null ? 100 : 0) + c.level() * 10;
      s +=
          switch (c.source()) {
            case LETTERHEAD, SIGNATURE -> 5;
            case ON_BEHALF -> 3;
            case TEXT -> 2;
            case DISPLAY_NAME -> 1;
            case SUBJECT -> 0;
          };
      if (c.organisation() != null && isAllCaps(c.organisation())) {
        s -= 8;
      }
      // in a signature the organisation stands below the person's unit: the later line of a level
      final boolean later =
          s == bestScore
              && best != null
              && c.source() == Source.SIGNATURE
              && best.source() == Source.SIGNATURE
              && c.block() == best.block()
              && c.org() == null
              && best.org() == null
              && c.state() == null
              && best.state() == null;
      if (s > bestScore || later) {
        best = c;
        bestScore = s;
      }
    }
    return best;
  }

  private static boolean isAllCaps(final String s) {
    boolean letters = false;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      letters |= Character.isUpperCase(c);
    }
    return letters && s.length() > 8;
  }

  private static String fallbackName(final State state, final Organisation org) {
    if (org != null) {
      return org.name() != null ? org.name() : org.fullName();
    }
    return state == null ? null : state.name();
  }

  private static Pick weakDomain(final String domain) {
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
    return unknown("none");
  }

  private static String shorten(final String evidence) {
    if (evidence == null) {
      return null;
    }
    final String e = evidence.strip().replaceAll("\\s+", " ");
    return e.length() <= 240 ? e : e.substring(0, 237) + "...";
  }
}
