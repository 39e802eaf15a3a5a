package org.inputdesk.classifier.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
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
 * person only when a name signs it ({@link SenderDecision}, weighing claims with {@link
 * ClaimWeigher}). Never throws on what a message holds.
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

  private final KnowledgeBase kb;

  private final ClaimReader reader;

  private final Verifier verifier;
  private final SenderDecision decision;

  public SenderResolver(final KnowledgeBase kb) {
    this.kb = kb;
    this.reader = new ClaimReader(new NameIndex(kb));
    this.verifier = new Verifier(kb);
    this.decision = new SenderDecision(kb);
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
        decision.decide(
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

  private static String shorten(final String evidence) {
    if (evidence == null) {
      return null;
    }
    final String e = evidence.strip().replaceAll("\\s+", " ");
    return e.length() <= 240 ? e : e.substring(0, 237) + "...";
  }
}
