package org.inputdesk.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inputdesk.classifier.sender.AuthenticationResults;
import org.inputdesk.classifier.sender.FromHeader;
import org.inputdesk.classifier.sender.SenderResolver;
import org.inputdesk.classifier.text.ParagraphRefs;
import org.inputdesk.classifier.themes.Segment;
import org.inputdesk.classifier.themes.ThemeClassifier;
import org.inputdesk.common.Languages;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;

/**
 * Runs the classifier's tagging offline for {@code inputdesk classify}: reads JSON lines ({@code
 * id}, {@code text}, optional {@code from} as a header value, {@code subject} and {@code
 * authentication_results}: raw header values, trusted in this run) and writes one JSON line each
 * with {@code id}, {@code themes} ({@code id}, {@code score}, {@code evidence}), {@code
 * sender_type}, {@code organisation}, {@code country}, {@code basis}, {@code verified}, {@code
 * verification}, {@code forwarded_by}, {@code language} and {@code paragraph_refs}. A line that
 * cannot be read gets {@code id} and {@code error}, and the run goes on.
 */
public final class OfflineClassifier {

  private final ObjectMapper json = new ObjectMapper();
  private final ThemeClassifier tagger;

  /** With the default OEWG taxonomy. */
  public OfflineClassifier() {
    this(DefaultTaxonomy.oewg());
  }

  /** With a consultation's taxonomy (empty: the default). */
  public OfflineClassifier(final List<Theme> taxonomy) {
    this.tagger = DefaultTaxonomy.classifierFor(taxonomy);
  }

  /** Classifies every line of {@code in} into {@code out}; returns how many lines failed. */
  public int run(final Reader in, final Writer out) throws IOException {
    final BufferedReader lines = new BufferedReader(in);
    int failed = 0;
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      ObjectNode result;
      try {
        result = classify(json.readTree(line));
      } catch (IOException | RuntimeException e) {
        failed++;
        result = json.createObjectNode();
        result.put("line", number);
        result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      out.write(json.writeValueAsString(result));
      out.write('\n');
    }
    out.flush();
    return failed;
  }

  private static SenderResolver.Resolution sender(final JsonNode input, final String subject) {
    final List<FromHeader.Mailbox> from = FromHeader.parse(input.path("from").asText(""));
    MailAuthentication authentication = null;
    if (input.has("authentication_results")) {
      final List<String> values = new ArrayList<>();
      final JsonNode results = input.get("authentication_results");
      if (results.isArray()) {
        results.forEach(v -> values.add(v.asText()));
      } else if (results.isTextual()) {
        values.add(results.asText());
      }
      authentication =
          AuthenticationResults.read(values, from.isEmpty() ? null : from.get(0).domain());
    }
    return SenderResolver.shared()
        .resolve(
            new SenderResolver.Input(
                from, null, subject, input.get("text").asText(), List.of(), authentication),
            key -> Optional.empty());
  }

  /** One input as the JSON object written for it. */
  public ObjectNode classify(final JsonNode input) {
    if (!input.hasNonNull("id") || !input.hasNonNull("text")) {
      throw new IllegalArgumentException("each line needs \"id\" and \"text\"");
    }
    final String subject = input.path("subject").asText("");
    final SenderResolver.Resolution resolved = sender(input, subject);
    final SenderInfo sender = resolved.sender();
    // a forwarding note and quoted mail are not the input
    final String text = resolved.body().text();
    final String language = Languages.detect(text);
    final List<Segment> segments = new ArrayList<>();
    if (!subject.isBlank()) {
      segments.add(new Segment("subject", subject, language));
    }
    segments.add(new Segment("body", text, language));

    final ObjectNode out = json.createObjectNode();
    out.put("id", input.get("id").asText());
    final ArrayNode themes = out.putArray("themes");
    for (final ThemeTag tag : tagger.tag(segments)) {
      final ObjectNode t = themes.addObject();
      t.put("id", tag.getId());
      t.put("score", tag.getScore());
      final ArrayNode evidence = t.putArray("evidence");
      for (final Evidence e : tag.getEvidence()) {
        final ObjectNode ev = evidence.addObject();
        ev.put("phrase", e.getPhrase());
        ev.put("location", e.getLocation());
        ev.put("offset", e.getOffset());
        if (e.getSnippet() != null) {
          ev.put("snippet", e.getSnippet());
        }
      }
    }
    out.put("sender_type", sender.getType());
    out.put("organisation", sender.getOrganisation());
    out.put("country", sender.getCountry());
    out.put("basis", sender.getBasis());
    out.put("verified", sender.getVerified());
    out.put("verification", sender.getVerification());
    out.put("forwarded_by", sender.getForwardedBy());
    out.put("language", language);
    final ArrayNode refs = out.putArray("paragraph_refs");
    ParagraphRefs.find(subject + "\n" + text).forEach(refs::add);
    return out;
  }
}
