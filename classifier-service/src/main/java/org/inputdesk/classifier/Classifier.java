package org.inputdesk.classifier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.inputdesk.classifier.policy.DeskRouter;
import org.inputdesk.classifier.policy.PublicationDecider;
import org.inputdesk.classifier.sender.SenderResolver;
import org.inputdesk.classifier.text.ParagraphRefs;
import org.inputdesk.classifier.themes.Segment;
import org.inputdesk.classifier.themes.ThemeClassifier;
import org.inputdesk.classifier.themes.ThemeModel;
import org.inputdesk.common.Languages;
import org.inputdesk.schemas.AttachmentRef;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.SubmissionCorrection;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TagSource;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;
import org.slf4j.LoggerFactory;

/**
 * Classifies one submission: reads the received record, its consultation (may be null), the sender
 * directory and the operator's correction (may be null), and writes the SubmissionClassified the
 * publisher renders. Holds no Kafka state; the topology feeds it. Not final, so tests can inject
 * failures.
 */
public class Classifier {

  public static final String VERSION = "classifier-1";

  /** A consultation's trained theme model as written by inputdesk train: when, and its bytes. */
  public record TrainedModel(long writtenAt, byte[] bytes) {}

  // a new version of the consultation or of its model is a new key; old ones age out
  private record TaggerKey(String consultationId, long updatedAt, long modelWrittenAt) {}

  // a consultation's trained theme model, as written by inputdesk train (gzip'd JSON), or null
  private volatile Function<String, TrainedModel> models = consultationId -> null;

  private final ThemeClassifier defaultTagger = DefaultTaxonomy.classifierFor(List.of());
  // one per consultation version: a changed taxonomy is a new key, the old one ages out
  private final Cache<TaggerKey, ThemeClassifier> taggers =
      Caffeine.newBuilder().maximumSize(64).expireAfterAccess(Duration.ofHours(1)).build();
  private final PublicationDecider decider = new PublicationDecider();

  /** The classified record; {@code now} is stamped as classifiedAt. */
  public SubmissionClassified classify(
      final SubmissionReceived submission,
      final Consultation consultation,
      final Function<String, Optional<SenderDirectoryEntry>> directory,
      final SubmissionCorrection correction,
      final Instant now) {
    // the sender first: a forwarding note and quoted mail are neither analysed nor published
    final SenderResolver.Received resolved = SenderResolver.shared().resolve(submission, directory);
    final SubmissionReceived received = resolved.submission();
    final List<Segment> segments = segments(received, consultation);
    final String bodyText = bodyText(received);
    final String language = Languages.detect(bodyText.isBlank() ? received.getSubject() : bodyText);
    final List<Segment> withLanguage = new ArrayList<>();
    for (final Segment s : segments) {
      withLanguage.add(
          new Segment(s.location(), s.text(), s.language() != null ? s.language() : language));
    }
    final String allText = String.join("\n", segments.stream().map(Segment::text).toList());
    final String attachmentText = attachmentText(received);
    final SenderInfo sender = resolved.sender();

    List<ThemeTag> themes = tagger(consultation).tag(withLanguage);
    final SenderInfo correctedSender =
        correction == null ? sender : correctSender(sender, correction);
    if (correction != null) {
      themes = correctThemes(themes, correction, consultation);
    }
    final boolean matched = received.getConsultationId() != null;
    final PublicationDecider.Facts facts =
        new PublicationDecider.Facts(
            matched,
            received.getLate(),
            bodyText.isBlank() && attachmentText.isBlank(),
            allText,
            received.getHeaders(),
            correctedSender,
            correction);
    return SubmissionClassified.newBuilder()
        .setId(received.getId())
        .setSubmission(received)
        .setConsultationId(received.getConsultationId())
        .setTrackingNumber(received.getTrackingNumber())
        .setLanguage(language)
        .setThemes(themes)
        .setSender(correctedSender)
        .setParagraphRefs(ParagraphRefs.find(allText))
        .setPublication(
            decider.decide(consultation == null ? null : consultation.getPolicy(), facts))
        .setDesk(consultation == null ? null : DeskRouter.route(consultation.getDesks(), themes))
        .setCorrection(correction)
        .setClassifiedAt(now)
        .setClassifierVersion(VERSION)
        .build();
  }

  /**
   * Where the classifier finds each consultation's trained theme model (the theme-models topic).
   */
  public void useModels(final Function<String, TrainedModel> models) {
    this.models = models;
  }

  private ThemeClassifier tagger(final Consultation consultation) {
    final TrainedModel model = consultation == null ? null : models.apply(consultation.getId());
    if (model == null && (consultation == null || consultation.getTaxonomy().isEmpty())) {
      return defaultTagger;
    }
    final TaggerKey key =
        new TaggerKey(
            consultation.getId(),
            consultation.getUpdatedAt().toEpochMilli(),
            model == null ? -1 : model.writtenAt());
    return taggers.get(
        key, k -> newTagger(consultation.getTaxonomy(), model == null ? null : model.bytes()));
  }

  // a trained model that cannot be read is logged and the consultation is tagged without it
  private static ThemeClassifier newTagger(final List<Theme> taxonomy, final byte[] model) {
    if (model == null) {
      return DefaultTaxonomy.classifierFor(taxonomy);
    }
    try {
      return new ThemeClassifier(
          taxonomy.isEmpty() ? DefaultTaxonomy.oewg() : taxonomy,
          ThemeModel.read(new java.io.ByteArrayInputStream(model)));
    } catch (java.io.IOException | RuntimeException e) {
      LoggerFactory.getLogger(Classifier.class)
          .warn(
              "the consultation's trained theme model cannot be read ({}): tagging without it",
              e.getMessage());
      return DefaultTaxonomy.classifierFor(taxonomy);
    }
  }

  /** Subject, body parts, then each attachment's extracted text. */
  static List<Segment> segments(
      final SubmissionReceived received, final Consultation consultation) {
    final List<Segment> out = new ArrayList<>();
    final String subject = withoutTags(received.getSubject(), consultation);
    if (!subject.isBlank()) {
      out.add(new Segment("subject", subject, null));
    }
    final String body = bodyText(received);
    if (!body.isBlank()) {
      out.add(new Segment("body", body, null));
    }
    for (final AttachmentRef a : received.getAttachments()) {
      if (a.getText() != null && !a.getText().isBlank()) {
        out.add(new Segment("attachment:" + a.getFilename(), a.getText(), a.getLanguage()));
      }
    }
    return out;
  }

  /**
   * The subject with the consultation's routing tags ("[OEWG]") blanked out: senders add them
   * because the call asks them to, so they say nothing of what the input is about. Blanks keep the
   * offsets of the evidence true to the subject as received.
   */
  static String withoutTags(final String subject, final Consultation consultation) {
    if (subject == null) {
      return "";
    }
    if (consultation == null) {
      return subject;
    }
    String out = subject;
    for (final String tag : consultation.getSubjectTags()) {
      if (tag == null || tag.isBlank()) {
        continue;
      }
      for (int at = 0; at + tag.length() <= out.length(); at++) {
        if (out.regionMatches(true, at, tag, 0, tag.length())) {
          out = out.substring(0, at) + " ".repeat(tag.length()) + out.substring(at + tag.length());
        }
      }
    }
    return out;
  }

  // The plain part when there is one; an HTML part repeats it as text.
  private static String bodyText(final SubmissionReceived received) {
    final List<TextPart> parts = received.getTextParts();
    for (final TextPart part : parts) {
      if (part.getKind() == org.inputdesk.schemas.TextKind.PLAIN && !part.getText().isBlank()) {
        return part.getText();
      }
    }
    return parts.isEmpty() ? "" : parts.get(0).getText();
  }

  private static String attachmentText(final SubmissionReceived received) {
    final StringBuilder out = new StringBuilder();
    for (final AttachmentRef a : received.getAttachments()) {
      if (a.getText() != null) {
        out.append(a.getText()).append('\n');
      }
    }
    return out.toString();
  }

  private static SenderInfo correctSender(final SenderInfo sender, final SubmissionCorrection c) {
    if (c.getSenderType() == null && c.getOrganisation() == null && c.getCountry() == null) {
      return sender;
    }
    return SenderInfo.newBuilder(sender)
        .setType(c.getSenderType() != null ? c.getSenderType() : sender.getType())
        .setOrganisation(
            c.getOrganisation() != null ? c.getOrganisation() : sender.getOrganisation())
        .setCountry(c.getCountry() != null ? c.getCountry() : sender.getCountry())
        .setConfidence(1.0)
        .setBasis("operator:" + c.getBy())
        .setVerified(true)
        .setVerification("corrected by operator " + c.getBy())
        .build();
  }

  private List<ThemeTag> correctThemes(
      final List<ThemeTag> themes, final SubmissionCorrection c, final Consultation consultation) {
    final Set<String> removed = new HashSet<>(c.getRemoveThemes());
    final Map<String, ThemeTag> out = new LinkedHashMap<>();
    for (final ThemeTag t : themes) {
      if (!removed.contains(t.getId())) {
        out.put(t.getId(), t);
      }
    }
    for (final String id : c.getAddThemes()) {
      final ThemeTag existing = out.get(id);
      out.put(
          id,
          ThemeTag.newBuilder()
              .setId(id)
              .setLabel(existing != null ? existing.getLabel() : label(id, consultation))
              .setScore(1.0)
              .setSource(TagSource.OPERATOR)
              .setEvidence(existing != null ? existing.getEvidence() : List.<Evidence>of())
              .build());
    }
    final List<ThemeTag> list = new ArrayList<>(out.values());
    list.sort(Comparator.comparingDouble(ThemeTag::getScore).reversed());
    return list;
  }

  private static String label(final String id, final Consultation consultation) {
    final List<Theme> taxonomy =
        consultation == null || consultation.getTaxonomy().isEmpty()
            ? DefaultTaxonomy.oewg()
            : consultation.getTaxonomy();
    return taxonomy.stream()
        .filter(t -> t.getId().equals(id))
        .map(Theme::getLabel)
        .findFirst()
        .orElse(id);
  }
}
