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
import org.inputdesk.classifier.themes.Segment;
import org.inputdesk.classifier.themes.ThemeClassifier;
import org.inputdesk.common.Languages;
import org.inputdesk.schemas.Evidence;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;

/**
 * Runs the classifier's tagging offline for {@code inputdesk classify}: reads JSON lines ({@code
 * id}, {@code text}, optional {@code from} and {@code subject}) and writes one JSON line each with
 * {@code id}, {@code themes} ({@code id}, {@code score}, {@code evidence}), {@code sender_type},
 * {@code organisation}, {@code country}, {@code language} and {@code paragraph_refs}. A line that
 * cannot be read gets {@code id} and {@code error}, and the run goes on.
 */
public final class OfflineClassifier {

  private final ObjectMapper json = new ObjectMapper();
  private final ThemeClassifier tagger;
  private final SenderTypeResolver senders = new SenderTypeResolver(key -> Optional.empty());

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

  /** One input as the JSON object written for it. */
  public ObjectNode classify(final JsonNode input) {
    if (!input.hasNonNull("id") || !input.hasNonNull("text")) {
      throw new IllegalArgumentException("each line needs \"id\" and \"text\"");
    }
    final String text = input.get("text").asText();
    final String subject = input.path("subject").asText("");
    final String language = Languages.detect(text);
    final List<Segment> segments = new ArrayList<>();
    if (!subject.isBlank()) {
      segments.add(new Segment("subject", subject, language));
    }
    segments.add(new Segment("body", text, language));
    final SenderInfo sender = senders.resolve(input.path("from").asText(null), text);

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
    out.put("language", language);
    final ArrayNode refs = out.putArray("paragraph_refs");
    ParagraphRefs.find(subject + "\n" + text).forEach(refs::add);
    return out;
  }
}
