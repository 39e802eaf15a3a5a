package org.inputdesk.publisher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.inputdesk.publisher.attachments.AttachmentHeaders;
import org.inputdesk.publisher.privacy.PersonalData;
import org.inputdesk.publisher.privacy.Sanitiser;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.AttachmentStatus;
import org.inputdesk.schemas.CampaignRef;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.ThemeTag;

/**
 * What may be published of one posted input: no email address anywhere, HTML already sanitised; and
 * the same with other personal data removed too ({@link #redacted}), for consultations whose policy
 * asks for that ({@link PersonalData#shown}). Built from a {@link SubmissionClassified}; reads and
 * writes nothing else.
 *
 * @param personName the sender's display name, shown for individuals only as the policy says
 * @param country the sender's country (ISO 3166 code) as the classifier resolved it, or null
 * @param campaignSize the size of its campaign when it was classified (0 without one)
 * @param campaignRepresentativeId the id of its campaign's first input, or null
 * @param redacted subject, excerpt, text and HTML with phone numbers, postal addresses and an
 *     individual's signature removed as well; null when the text has none of them
 * @param text the whole text; null in the lists, the {@code bodies} store keeps it apart
 * @param html the sanitised HTML part, null when there is none or when not loaded
 */
public record PublicEntry(
    String id,
    String consultationId,
    String trackingNumber,
    Instant receivedAt,
    Instant modifiedAt,
    String senderType,
    String organisation,
    String personName,
    String country,
    String subject,
    String text,
    String html,
    String excerpt,
    List<Tag> themes,
    String language,
    boolean late,
    String campaignId,
    int campaignSize,
    String campaignRepresentativeId,
    List<FileRef> attachments,
    List<NotPublished> notPublished,
    List<String> paragraphRefs,
    Redacted redacted) {

  /** A theme tag as shown. */
  public record Tag(String id, String label) {}

  /** An attachment as linked: the sha256 its bytes are stored under and a safe name. */
  public record FileRef(String sha256, String name, String urlName, String contentType, long size) {

    /** The path it is served at, relative to the site root. */
    public String path() {
      return "attachments/" + sha256 + "/" + urlName;
    }

    /** Size for people: 12 KB, 1.4 MB. */
    public String sizeText() {
      return Sizes.human(size);
    }
  }

  /**
   * The shown parts of an input with personal data removed. Text and HTML are null while the body
   * is not loaded; HTML is null too when personal data was found in it, since it cannot be cut out
   * of markup as reliably as out of text (the text is then the whole input).
   */
  public record Redacted(String subject, String excerpt, String text, String html) {}

  /**
   * An attachment whose bytes intake did not keep, named on the page instead of silently missing.
   *
   * @param size its size in bytes; 0 when unknown
   * @param reason why, for the public: not the operator's reason, which names internal limits
   */
  public record NotPublished(String name, long size, String reason) {

    /** The reason shown for an attachment intake recorded with this status and no bytes. */
    static String reason(final AttachmentStatus status) {
      switch (status) {
        case OVERSIZED:
          return "over the size limit";
        case CORRUPT:
          return "could not be read";
        case ENCRYPTED:
          return "encrypted";
        default:
          return "not kept";
      }
    }

    /** As a page lists it: {@code annex.pdf, 20 MB, not published: over the size limit}. */
    public String text() {
      return name + (size > 0 ? ", " + Sizes.human(size) : "") + ", not published: " + reason;
    }
  }

  public PublicEntry {
    themes = List.copyOf(themes);
    attachments = List.copyOf(attachments);
    notPublished = List.copyOf(notPublished);
    paragraphRefs = List.copyOf(paragraphRefs);
  }

  /** This entry without its text and HTML: what the catalogue's index keeps in memory. */
  public PublicEntry withoutBody() {
    return withBody(null, null, null, null);
  }

  /** This entry with the given text and HTML, as published and with personal data removed. */
  public PublicEntry withBody(
      final String newText,
      final String newHtml,
      final String redactedText,
      final String redactedHtml) {
    return copy(
        subject,
        newText,
        newHtml,
        excerpt,
        redacted == null
            ? null
            : new Redacted(redacted.subject(), redacted.excerpt(), redactedText, redactedHtml));
  }

  /** This entry as shown with personal data removed: itself when it has none. */
  public PublicEntry withoutPersonalData() {
    if (redacted == null) {
      return this;
    }
    final boolean loaded = text != null;
    return copy(
        redacted.subject(),
        loaded ? redacted.text() : null,
        loaded ? redacted.html() : null,
        redacted.excerpt(),
        null);
  }

  private PublicEntry copy(
      final String newSubject,
      final String newText,
      final String newHtml,
      final String newExcerpt,
      final Redacted newRedacted) {
    return new PublicEntry(
        id,
        consultationId,
        trackingNumber,
        receivedAt,
        modifiedAt,
        senderType,
        organisation,
        personName,
        country,
        newSubject,
        newText,
        newHtml,
        newExcerpt,
        themes,
        language,
        late,
        campaignId,
        campaignSize,
        campaignRepresentativeId,
        attachments,
        notPublished,
        paragraphRefs,
        newRedacted);
  }

  /** The public form of a classified submission. */
  public static PublicEntry from(final SubmissionClassified classified) {
    final SubmissionReceived mail = classified.getSubmission();
    final String consultation =
        classified.getConsultationId() != null
            ? classified.getConsultationId()
            : mail.getConsultationId();
    final String tracking =
        classified.getTrackingNumber() != null
            ? classified.getTrackingNumber()
            : mail.getTrackingNumber();
    final String text = Sanitiser.redact(plainText(mail));
    final String html = Sanitiser.html(htmlPart(mail));
    final String country = country(classified.getSender().getCountry());
    final boolean individual = "individual".equals(classified.getSender().getType());
    final String subject = subject(mail.getSubject());
    final CampaignRef campaign = classified.getCampaign();
    final List<Tag> themes = new ArrayList<>();
    for (final ThemeTag tag : classified.getThemes()) {
      themes.add(new Tag(tag.getId(), tag.getLabel()));
    }
    final List<FileRef> files = new ArrayList<>();
    final List<NotPublished> notKept = new ArrayList<>();
    for (final AttachmentRef ref : mail.getAttachments()) {
      if (ref.getSha256() == null) {
        notKept.add(
            new NotPublished(
                AttachmentHeaders.displayName(ref.getFilename()),
                Math.max(0, ref.getSize()),
                NotPublished.reason(ref.getStatus())));
      } else {
        files.add(
            new FileRef(
                ref.getSha256().toLowerCase(Locale.ROOT),
                AttachmentHeaders.displayName(ref.getFilename()),
                AttachmentHeaders.urlName(ref.getFilename()),
                AttachmentHeaders.contentType(ref.getContentType()),
                ref.getSize()));
      }
    }
    return new PublicEntry(
        classified.getId(),
        consultation,
        tracking,
        mail.getReceivedAt(),
        classified.getClassifiedAt(),
        classified.getSender().getType() == null ? "unknown" : classified.getSender().getType(),
        Sanitiser.name(classified.getSender().getOrganisation()),
        // Only an individual's name is ever shown; nobody else's is kept.
        "individual".equals(classified.getSender().getType()) && mail.getFrom() != null
            ? Sanitiser.name(mail.getFrom().getName())
            : null,
        country,
        subject,
        text,
        html,
        Sanitiser.excerpt(text, 300),
        themes,
        classified.getLanguage(),
        mail.getLate(),
        campaign == null ? null : campaign.getId(),
        campaign == null ? 0 : campaign.getSize(),
        campaign == null ? null : campaign.getRepresentativeId(),
        files,
        notKept,
        classified.getParagraphRefs().stream().toList(),
        redacted(subject, text, html, htmlText(mail), country, individual));
  }

  /** Tracking number and subject, the way pages and feeds list it. */
  public String title() {
    final String shown = subject == null || subject.isBlank() ? "(no subject)" : subject;
    return trackingNumber == null ? shown : trackingNumber + ": " + shown;
  }

  /** The path segment of its page: the tracking number, or the id when it has none. */
  public String slug() {
    return slug(trackingNumber, id);
  }

  public static String slug(final String trackingNumber, final String id) {
    return trackingNumber != null && trackingNumber.matches("[A-Za-z0-9._-]+")
        ? trackingNumber
        : id;
  }

  /** Who sent it, as the consultation's policy for individuals allows; never an address. */
  public String author(final IndividualDisplay policy) {
    if (!"individual".equals(senderType)) {
      return organisation;
    }
    final IndividualDisplay display = policy == null ? IndividualDisplay.NAME : policy;
    switch (display) {
      case ANONYMOUS:
        return "Individual";
      case INITIALS:
        return personName == null ? "Individual" : initials(personName);
      default:
        return personName == null ? "Individual" : personName;
    }
  }

  /** An ISO 3166 code, upper case; anything else is not a country and is dropped. */
  static String country(final String code) {
    return code != null && code.matches("[A-Za-z]{2,3}") ? code.toUpperCase(Locale.ROOT) : null;
  }

  /** The subject as text: addresses removed, control characters as spaces; escaped when shown. */
  private static String subject(final String subject) {
    if (subject == null) {
      return "";
    }
    return Sanitiser.redact(subject).replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
  }

  static String initials(final String name) {
    final StringBuilder out = new StringBuilder();
    for (final String part : name.split("[\\s\\-]+")) {
      if (!part.isEmpty() && Character.isLetter(part.codePointAt(0))) {
        out.appendCodePoint(Character.toUpperCase(part.codePointAt(0))).append('.');
      }
    }
    return out.length() == 0 ? "Individual" : out.toString();
  }

  /** The shown parts with personal data removed; null when there is none to remove. */
  private static Redacted redacted(
      final String subject,
      final String text,
      final String html,
      final String htmlAsText,
      final String country,
      final boolean individual) {
    final String cleanSubject = PersonalData.removeInline(subject, country);
    final String cleanText = PersonalData.remove(text, country, individual);
    final boolean htmlClean =
        html == null
            || Objects.equals(htmlAsText, PersonalData.remove(htmlAsText, country, individual));
    if (cleanSubject.equals(subject) && Objects.equals(cleanText, text) && htmlClean) {
      return null;
    }
    return new Redacted(
        cleanSubject,
        Sanitiser.excerpt(cleanText, 300),
        cleanText == null ? "" : cleanText,
        htmlClean && Objects.equals(cleanText, text) ? html : null);
  }

  /** The HTML part as text (as intake turned it), with email addresses removed. */
  private static String htmlText(final SubmissionReceived mail) {
    for (final TextPart part : mail.getTextParts()) {
      if (part.getKind() == TextKind.HTML && part.getHtml() != null) {
        return Sanitiser.redact(part.getText());
      }
    }
    return null;
  }

  private static String plainText(final SubmissionReceived mail) {
    for (final TextPart part : mail.getTextParts()) {
      if (part.getKind() == TextKind.PLAIN) {
        return part.getText();
      }
    }
    return mail.getTextParts().isEmpty() ? "" : mail.getTextParts().get(0).getText();
  }

  private static String htmlPart(final SubmissionReceived mail) {
    for (final TextPart part : mail.getTextParts()) {
      if (part.getKind() == TextKind.HTML && part.getHtml() != null) {
        return part.getHtml();
      }
    }
    return null;
  }
}
