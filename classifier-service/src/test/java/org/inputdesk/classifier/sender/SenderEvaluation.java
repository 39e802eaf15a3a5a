package org.inputdesk.classifier.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.SenderInfo;

/**
 * Scores sender resolution on a labelled set: reads JSON lines {id, from, subject, body,
 * attachment_text, authentication_results, sender_type, organisation, organisation_alternatives,
 * country, language, hard} and prints sender-type accuracy and organisation exact-match rate
 * overall, on the hard cases and per language, then each miss. The set is split by the id: {@code
 * --split dev} (the default) reads the {@code s} lines the resolver was developed on, {@code
 * --split heldout} the {@code f} lines, written later and blind to the code, kept for a final
 * report; {@code --split all} reads both. {@code --all} prints instead one line per email with
 * everything the resolver wrote (the sender record and the unwrapped body), so that two runs can be
 * diffed to show a refactoring changed nothing.
 *
 * <p>{@code java -cp ... org.inputdesk.classifier.sender.SenderEvaluation FILE [--split
 * dev|heldout|all] [--quiet] [--all]}
 */
public final class SenderEvaluation {

  private static final Pattern NUMBER = Pattern.compile("(\\d+)");

  /** One labelled email and what the resolver made of it. */
  record Outcome(
      String id,
      String language,
      boolean hard,
      String expectedType,
      String type,
      List<String> expectedOrganisations,
      String organisation,
      SenderInfo sender,
      ForwardReader.Unwrapped body) {

    boolean typeRight() {
      return expectedType.equals(type);
    }

    boolean organisationRight() {
      if (expectedOrganisations.isEmpty()) {
        return organisation == null;
      }
      return organisation != null && expectedOrganisations.contains(organisation.strip());
    }
  }

  /** Counts of one group. */
  static final class Score {
    int n;
    int type;
    int organisation;

    void add(final Outcome o) {
      n++;
      type += o.typeRight() ? 1 : 0;
      organisation += o.organisationRight() ? 1 : 0;
    }

    String line(final String label) {
      return String.format(
          "%-10s n=%4d  sender type %6.1f%%  organisation %6.1f%%",
          label, n, 100.0 * type / Math.max(1, n), 100.0 * organisation / Math.max(1, n));
    }
  }

  private SenderEvaluation() {}

  public static void main(final String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println(
          "usage: SenderEvaluation FILE.jsonl [--split dev|heldout|all] [--quiet] [--all]");
      System.exit(2);
    }
    String split = "dev";
    boolean quiet = false;
    boolean all = false;
    for (int i = 1; i < args.length; i++) {
      if ("--split".equals(args[i]) && i + 1 < args.length) {
        split = args[++i];
      } else if ("--quiet".equals(args[i])) {
        quiet = true;
      } else if ("--all".equals(args[i])) {
        all = true;
      }
    }
    final List<Outcome> outcomes = evaluate(Path.of(args[0]), split);
    if (all) {
      outcomes.forEach(
          o ->
              System.out.println(
                  (o.id() + "\t" + o.sender() + "\t" + o.body()).replace("\n", "\\n")));
      return;
    }
    for (int i = 1; i < args.length; i++) {
      if ("--show".equals(args[i]) && i + 1 < args.length) {
        final String id = args[++i];
        outcomes.stream()
            .filter(o -> o.id().equals(id))
            .forEach(o -> System.out.println(o.sender()));
      }
    }
    report(outcomes, System.out, !quiet);
  }

  /** Resolves every line of the split. */
  static List<Outcome> evaluate(final Path file, final String split) throws IOException {
    final ObjectMapper json = new ObjectMapper();
    final SenderResolver resolver = SenderResolver.shared();
    final List<Outcome> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        final JsonNode n = json.readTree(line);
        final String id = n.path("id").asText();
        if (!NUMBER.matcher(id).find()) {
          continue;
        }
        // f-lines: the third written afterwards, blind to the code, read once at the end
        final boolean heldOut = id.startsWith("f");
        if (!"all".equals(split) && heldOut != "heldout".equals(split)) {
          continue;
        }
        out.add(outcome(n, resolver));
      }
    }
    return out;
  }

  static Outcome outcome(final JsonNode n, final SenderResolver resolver) {
    final List<FromHeader.Mailbox> from = FromHeader.parse(n.path("from").asText(""));
    final List<String> auth = new ArrayList<>();
    n.path("authentication_results").forEach(v -> auth.add(v.asText()));
    final String fromDomain = from.isEmpty() ? null : from.get(0).domain();
    final MailAuthentication authentication =
        auth.isEmpty() ? null : AuthenticationResults.read(auth, fromDomain);
    final String attachment = n.path("attachment_text").asText("");
    final SenderResolver.Input input =
        new SenderResolver.Input(
            from,
            null,
            n.path("subject").asText(""),
            n.path("body").asText(""),
            attachment.isBlank() ? List.of() : List.of(attachment),
            authentication);
    final SenderResolver.Resolution resolution = resolver.resolve(input, key -> Optional.empty());
    final SenderInfo s = resolution.sender();
    final List<String> expected = new ArrayList<>();
    if (n.hasNonNull("organisation") && !n.get("organisation").asText().isBlank()) {
      expected.add(n.get("organisation").asText().strip());
      n.path("organisation_alternatives").forEach(a -> expected.add(a.asText().strip()));
    }
    return new Outcome(
        n.path("id").asText(),
        n.path("language").asText("?"),
        n.path("hard").asBoolean(false),
        n.path("sender_type").asText(),
        s.getType(),
        expected,
        s.getOrganisation(),
        s,
        resolution.body());
  }

  static void report(final List<Outcome> outcomes, final PrintStream out, final boolean misses) {
    final Score all = new Score();
    final Score hard = new Score();
    final Map<String, Score> byLanguage = new TreeMap<>();
    final Map<String, Score> byType = new TreeMap<>();
    for (final Outcome o : outcomes) {
      all.add(o);
      if (o.hard()) {
        hard.add(o);
      }
      byLanguage.computeIfAbsent(o.language(), k -> new Score()).add(o);
      byType.computeIfAbsent(o.expectedType(), k -> new Score()).add(o);
    }
    out.println(all.line("overall"));
    out.println(hard.line("hard"));
    byLanguage.forEach((k, v) -> out.println(v.line("lang " + k)));
    byType.forEach((k, v) -> out.println(v.line(k.length() > 10 ? k.substring(0, 10) : k)));
    if (!misses) {
      return;
    }
    for (final Outcome o : outcomes) {
      if (o.typeRight() && o.organisationRight()) {
        continue;
      }
      out.printf(
          "MISS %s [%s] type %s -> %s | org %s -> %s | %s%n",
          o.id(),
          o.language(),
          o.expectedType(),
          Objects.toString(o.type()),
          o.expectedOrganisations().isEmpty() ? "null" : o.expectedOrganisations().get(0),
          o.organisation(),
          o.sender().getBasis());
    }
  }
}
