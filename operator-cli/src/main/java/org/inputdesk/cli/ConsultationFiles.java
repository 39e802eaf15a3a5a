package org.inputdesk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationPolicy;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.Theme;

/**
 * Reads consultation definitions and sender-directory entries from YAML, as operators write them,
 * into the Avro records the pipeline keeps on its compacted topics. Errors name the file and the
 * field.
 */
public final class ConsultationFiles {

  /** Two or more DNS labels: the lookup climbs parent domains down to two labels. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ConsultationFiles() {}

  /** One consultation as written in YAML. */
  public record ConsultationDoc(
      String id,
      String title,
      String description,
      List<String> addresses,
      List<String> subjectTags,
      String opens,
      String deadline,
      String timeZone,
      String trackingPrefix,
      List<ThemeDoc> taxonomy,
      List<DeskDoc> desks,
      PolicyDoc policy) {}

  /** A theme of a consultation's own taxonomy. */
  public record ThemeDoc(
      String id,
      String label,
      String description,
      Map<String, List<String>> phrases,
      Double weight) {}

  /** A desk and the themes routed to it. */
  public record DeskDoc(String id, String name, String email, List<String> themes) {}

  /** What is posted without review. */
  public record PolicyDoc(
      Boolean holdUnknownSenders,
      Boolean holdLate,
      Double minConfidence,
      String individuals,
      Boolean holdUnverifiedClaims) {}

  /** A sender-directory entry as written in YAML. */
  public record DirectoryDoc(String key, String senderType, String organisation, String country) {}

  /**
   * Reads one consultation and checks it on its own (what it must share with others: {@link
   * ConsultationRules}).
   */
  public static Consultation readConsultation(final InputStream in, final String origin) {
    return toConsultation(parse(in, origin, ConsultationDoc.class), origin);
  }

  /** Reads a list of directory entries, each checked: key format, sender type, country. */
  public static List<SenderDirectoryEntry> readDirectory(
      final InputStream in, final String origin, final String by) {
    final DirectoryDoc[] docs = parse(in, origin, DirectoryDoc[].class);
    final List<SenderDirectoryEntry> out = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    final Instant now = Instant.now();
    for (int i = 0; i < (docs == null ? 0 : docs.length); i++) {
      final DirectoryDoc d = docs[i];
      final String entry = origin + ": entry " + (i + 1);
      final String key;
      try {
        key = directoryKey("field key", required(d.key(), "key"));
      } catch (Refusal r) {
        throw new Refusal(entry + ": " + r.getMessage());
      }
      if (!seen.add(key)) {
        throw new Refusal(entry + ": field key: '" + key + "' is given twice in the file");
      }
      final String where = origin + ": entry " + key + ": ";
      try {
        out.add(
            SenderDirectoryEntry.newBuilder()
                .setKey(key)
                .setSenderType(
                    Codebook.senderType("field senderType", required(d.senderType(), "senderType")))
                .setOrganisation(d.organisation())
                .setCountry(
                    d.country() == null ? null : Codebook.country("field country", d.country()))
                .setUpdatedAt(now)
                .setUpdatedBy(by)
                .build());
      } catch (Refusal r) {
        throw new Refusal(where + r.getMessage());
      }
    }
    return out;
  }

  /**
   * A directory key, lower-cased: an address ({@code name@example.org}) or a domain with its
   * subdomains ({@code @example.org}).
   */
  public static String directoryKey(final String field, final String value) {
    final String key = value.strip().toLowerCase(Locale.ROOT);
    final int at = key.lastIndexOf('@');
    final boolean ok =
        at >= 0
            && key.indexOf('@') == at
            && (at == 0 || key.substring(0, at).matches("[^\\s\"(),:;<>\\[\\]]+"))
            && DOMAIN.matcher(key.substring(at + 1)).matches();
    if (!ok) {
      throw new Refusal(
          field
              + ": '"
              + value
              + "' is neither an address (name@example.org) nor a domain (@example.org)");
    }
    return key;
  }

  private static <T> T parse(final InputStream in, final String origin, final Class<T> type) {
    final byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + origin + ": " + e.getMessage(), e);
    }
    try {
      return YAML.readValue(bytes, type);
    } catch (JsonMappingException e) {
      throw new Refusal(origin + ": " + describe(e, bytes));
    } catch (JsonProcessingException e) {
      throw new Refusal(
          origin
              + ": not valid YAML: "
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + origin + ": " + e.getMessage(), e);
    }
  }

  /** A Jackson mapping error as an operator reads it: the field, what it takes, what it got. */
  static String describe(final JsonMappingException e, final byte[] yaml) {
    final String field = path(e);
    final String where = field.isEmpty() ? "" : "field " + field + ": ";
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '"
          + u.getPropertyName()
          + "'"
          + (field.contains(".") ? " in " + field.substring(0, field.lastIndexOf('.')) : "")
          + (u.getKnownPropertyIds() == null ? "" : "; known keys: " + u.getKnownPropertyIds())
          + at(e);
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return where + "expected " + expected(m.getTargetType()) + ", got " + got(e, yaml) + at(e);
    }
    return where + e.getOriginalMessage().lines().findFirst().orElse("") + at(e);
  }

  private static String path(final JsonMappingException e) {
    final StringBuilder out = new StringBuilder();
    for (final JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String expected(final Class<?> type) {
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type == String.class) {
      return "a text";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return "a mapping (key: value lines)";
  }

  /** What the file has where the error points, read again as a tree. */
  private static String got(final JsonMappingException e, final byte[] yaml) {
    if (e instanceof InvalidFormatException f) {
      return "'" + f.getValue() + "'";
    }
    JsonNode node;
    try {
      node = YAML.readTree(yaml);
    } catch (IOException unreadable) {
      return token(e.getOriginalMessage());
    }
    for (final JsonMappingException.Reference r : e.getPath()) {
      node = r.getFieldName() != null ? node.path(r.getFieldName()) : node.path(r.getIndex());
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    return node.isTextual() ? "'" + node.asText() + "'" : node.asText();
  }

  /** What Jackson's message says it found, for a file that is not YAML further on. */
  private static String token(final String message) {
    final Matcher m = Pattern.compile("JsonToken\\.([A-Z_]+)").matcher(message);
    if (!m.find()) {
      return "something else";
    }
    return switch (m.group(1)) {
      case "START_ARRAY" -> "a list";
      case "START_OBJECT" -> "a mapping";
      case "VALUE_STRING" -> "a text";
      case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
      case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
      default -> "something else";
    };
  }

  private static String at(final JsonMappingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }

  private static Consultation toConsultation(final ConsultationDoc doc, final String origin) {
    if (doc == null) {
      throw new Refusal(origin + ": empty consultation file");
    }
    try {
      return check(doc, origin);
    } catch (Refusal r) {
      throw new Refusal(origin + ": " + r.getMessage());
    }
  }

  private static Consultation check(final ConsultationDoc doc, final String origin) {
    final String id = required(doc.id(), "id");
    if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new Refusal(
          "field id: '" + id + "' must be lower-case letters, digits and dashes (it is in URLs)");
    }
    final String zoneName = doc.timeZone() == null ? "UTC" : doc.timeZone().strip();
    final ZoneId zone;
    try {
      zone = ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw new Refusal(
          "field timeZone: '"
              + zoneName
              + "' is not an IANA time zone (such as Europe/Zurich, America/New_York, UTC)"
              + Refusal.nearest(zoneName, ZoneId.getAvailableZoneIds())
                  .map(z -> "; did you mean '" + z + "'?")
                  .orElse(""));
    }
    final String prefix = required(doc.trackingPrefix(), "trackingPrefix").strip();
    if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9-]{0,31}")) {
      throw new Refusal(
          "field trackingPrefix: '"
              + prefix
              + "' must be up to 32 letters, digits and dashes (tracking numbers are in URLs)");
    }
    final Instant opens = instant(doc.opens(), zone, "opens");
    final Instant deadline = instant(doc.deadline(), zone, "deadline");
    if (opens != null && deadline != null && !deadline.isAfter(opens)) {
      throw new Refusal(
          "field deadline: '" + doc.deadline() + "' is not after opens '" + doc.opens() + "'");
    }
    final List<Theme> taxonomy = themes(doc.taxonomy());
    final Consultation.Builder b =
        Consultation.newBuilder()
            .setId(id)
            .setTitle(required(doc.title(), "title"))
            .setDescription(doc.description())
            .setAddresses(addresses(doc.addresses()))
            .setSubjectTags(doc.subjectTags() == null ? List.of() : doc.subjectTags())
            .setOpensAt(opens)
            .setDeadline(deadline)
            .setTimeZone(zone.getId())
            .setTrackingPrefix(prefix)
            .setTaxonomy(taxonomy)
            .setPolicy(policy(doc.policy()))
            .setUpdatedAt(Instant.now());
    // desks route themes: only those the consultation's taxonomy (or the default) has
    final Consultation themesOnly = b.setDesks(List.of()).build();
    return b.setDesks(desks(doc.desks(), themesOnly)).build();
  }

  private static List<String> addresses(final List<String> values) {
    final List<String> out = new ArrayList<>();
    for (final String v : values == null ? List.<String>of() : values) {
      final String field = "field addresses";
      final String address = directoryKey(field, v == null ? "" : v);
      if (address.startsWith("@")) {
        throw new Refusal(field + ": '" + v + "' is not an address (name@example.org)");
      }
      if (out.contains(address)) {
        throw new Refusal(field + ": '" + v + "' is given twice");
      }
      out.add(address);
    }
    return out;
  }

  private static Instant instant(final String value, final ZoneId zone, final String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new Refusal(
          "field " + field + ": '" + value + "' is not a local date-time like 2026-12-31T23:59");
    }
  }

  private static List<Theme> themes(final List<ThemeDoc> docs) {
    final List<Theme> out = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    for (final ThemeDoc t : docs == null ? List.<ThemeDoc>of() : docs) {
      final String id = required(t.id(), "taxonomy.id");
      if (!ids.add(id)) {
        throw new Refusal("field taxonomy.id: '" + id + "' is given twice");
      }
      if (t.weight() != null && !(t.weight() >= 0 && Double.isFinite(t.weight()))) {
        throw new Refusal(
            "field weight of theme " + id + ": '" + t.weight() + "' is not a number of 0 or more");
      }
      out.add(
          Theme.newBuilder()
              .setId(id)
              .setLabel(required(t.label(), "label of theme " + id))
              .setDescription(t.description())
              .setPhrases(t.phrases() == null ? Map.of() : t.phrases())
              .setWeight(t.weight() == null ? 1.0 : t.weight())
              .build());
    }
    return out;
  }

  private static List<Desk> desks(final List<DeskDoc> docs, final Consultation consultation) {
    final List<Desk> out = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    for (final DeskDoc d : docs == null ? List.<DeskDoc>of() : docs) {
      final String id = required(d.id(), "desks.id");
      if (!ids.add(id)) {
        throw new Refusal("field desks.id: '" + id + "' is given twice");
      }
      final List<String> themes = d.themes() == null ? List.of() : d.themes();
      themes.forEach(t -> Codebook.theme("field themes of desk " + id, t, consultation));
      if (d.email() != null) {
        final String email = directoryKey("field email of desk " + id, d.email());
        if (email.startsWith("@")) {
          throw new Refusal(
              "field email of desk " + id + ": '" + d.email() + "' is not an address");
        }
      }
      out.add(
          Desk.newBuilder()
              .setId(id)
              .setName(d.name() == null ? id : d.name())
              .setEmail(d.email())
              .setThemes(themes)
              .build());
    }
    return out;
  }

  private static PublicationPolicy policy(final PolicyDoc p) {
    final PublicationPolicy.Builder b = PublicationPolicy.newBuilder();
    if (p == null) {
      return b.build();
    }
    if (p.holdUnknownSenders() != null) {
      b.setHoldUnknownSenders(p.holdUnknownSenders());
    }
    if (p.holdLate() != null) {
      b.setHoldLate(p.holdLate());
    }
    if (p.holdUnverifiedClaims() != null) {
      b.setHoldUnverifiedClaims(p.holdUnverifiedClaims());
    }
    if (p.minConfidence() != null) {
      final double c = p.minConfidence();
      if (!(c >= 0 && c <= 1)) {
        throw new Refusal(
            "field policy.minConfidence: '"
                + p.minConfidence()
                + "' is out of range; allowed: a number from 0 to 1 (0.5 holds senders"
                + " resolved with less than even confidence)");
      }
      b.setMinConfidence(c);
    }
    if (p.individuals() != null) {
      try {
        b.setIndividuals(
            IndividualDisplay.valueOf(p.individuals().strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw Refusal.notOneOf(
            "field policy.individuals",
            p.individuals(),
            "a way to show individuals",
            List.of("NAME", "INITIALS", "ANONYMOUS"));
      }
    }
    return b.build();
  }

  private static String required(final String value, final String field) {
    if (value == null || value.isBlank()) {
      throw new Refusal("field " + field + " is required");
    }
    return value;
  }
}
