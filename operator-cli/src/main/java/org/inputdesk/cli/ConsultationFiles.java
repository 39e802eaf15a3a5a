package org.inputdesk.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /** Reads one consultation. */
  public static Consultation readConsultation(final InputStream in, final String origin) {
    final ConsultationDoc doc;
    try {
      doc = YAML.readValue(in, ConsultationDoc.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(origin + ": " + describe(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not readable YAML: " + e.getMessage(), e);
    }
    return toConsultation(doc, origin);
  }

  /** Reads a list of directory entries. */
  public static List<SenderDirectoryEntry> readDirectory(
      final InputStream in, final String origin, final String by) {
    final DirectoryDoc[] docs;
    try {
      docs = YAML.readValue(in, DirectoryDoc[].class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(origin + ": " + describe(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not readable YAML: " + e.getMessage(), e);
    }
    final List<SenderDirectoryEntry> out = new ArrayList<>();
    final Instant now = Instant.now();
    for (final DirectoryDoc d : docs == null ? new DirectoryDoc[0] : docs) {
      final String key = required(d.key(), "key", origin).trim().toLowerCase(Locale.ROOT);
      if (!key.startsWith("@") && !key.contains("@")) {
        throw new IllegalArgumentException(
            origin + ": key '" + key + "' is neither an address nor an @domain");
      }
      out.add(
          SenderDirectoryEntry.newBuilder()
              .setKey(key)
              .setSenderType(required(d.senderType(), "senderType of " + key, origin))
              .setOrganisation(d.organisation())
              .setCountry(d.country() == null ? null : d.country().toUpperCase(Locale.ROOT))
              .setUpdatedAt(now)
              .setUpdatedBy(by)
              .build());
    }
    return out;
  }

  private static String describe(final JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '"
          + u.getPropertyName()
          + "'"
          + (u.getKnownPropertyIds() == null ? "" : "; known keys: " + u.getKnownPropertyIds());
    }
    return e.getOriginalMessage() + at(e);
  }

  private static String at(final JsonMappingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static Consultation toConsultation(final ConsultationDoc doc, final String origin) {
    if (doc == null) {
      throw new IllegalArgumentException(origin + ": empty consultation file");
    }
    final String id = required(doc.id(), "id", origin);
    if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          origin
              + ": id '"
              + id
              + "' must be lower-case letters, digits and dashes (it is in URLs)");
    }
    final String zoneName = doc.timeZone() == null ? "UTC" : doc.timeZone();
    final ZoneId zone;
    try {
      zone = ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          origin + ": timeZone '" + zoneName + "' is not an IANA zone");
    }
    return Consultation.newBuilder()
        .setId(id)
        .setTitle(required(doc.title(), "title", origin))
        .setDescription(doc.description())
        .setAddresses(lower(doc.addresses()))
        .setSubjectTags(doc.subjectTags() == null ? List.of() : doc.subjectTags())
        .setOpensAt(instant(doc.opens(), zone, "opens", origin))
        .setDeadline(instant(doc.deadline(), zone, "deadline", origin))
        .setTimeZone(zone.getId())
        .setTrackingPrefix(required(doc.trackingPrefix(), "trackingPrefix", origin))
        .setTaxonomy(themes(doc.taxonomy(), origin))
        .setDesks(desks(doc.desks(), origin))
        .setPolicy(policy(doc.policy(), origin))
        .setUpdatedAt(Instant.now())
        .build();
  }

  private static List<String> lower(final List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
  }

  private static Instant instant(
      final String value, final ZoneId zone, final String field, final String origin) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          origin
              + ": "
              + field
              + " '"
              + value
              + "' is not a local date-time like 2026-12-31T23:59");
    }
  }

  private static List<Theme> themes(final List<ThemeDoc> docs, final String origin) {
    final List<Theme> out = new ArrayList<>();
    for (final ThemeDoc t : docs == null ? List.<ThemeDoc>of() : docs) {
      out.add(
          Theme.newBuilder()
              .setId(required(t.id(), "taxonomy id", origin))
              .setLabel(required(t.label(), "label of theme " + t.id(), origin))
              .setDescription(t.description())
              .setPhrases(t.phrases() == null ? Map.of() : t.phrases())
              .setWeight(t.weight() == null ? 1.0 : t.weight())
              .build());
    }
    return out;
  }

  private static List<Desk> desks(final List<DeskDoc> docs, final String origin) {
    final List<Desk> out = new ArrayList<>();
    for (final DeskDoc d : docs == null ? List.<DeskDoc>of() : docs) {
      out.add(
          Desk.newBuilder()
              .setId(required(d.id(), "desk id", origin))
              .setName(d.name() == null ? d.id() : d.name())
              .setEmail(d.email())
              .setThemes(d.themes() == null ? List.of() : d.themes())
              .build());
    }
    return out;
  }

  private static PublicationPolicy policy(final PolicyDoc p, final String origin) {
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
      b.setMinConfidence(p.minConfidence());
    }
    if (p.individuals() != null) {
      try {
        b.setIndividuals(IndividualDisplay.valueOf(p.individuals().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            origin
                + ": policy.individuals '"
                + p.individuals()
                + "' must be NAME, INITIALS or ANONYMOUS");
      }
    }
    return b.build();
  }

  private static String required(final String value, final String field, final String origin) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(origin + ": " + field + " is required");
    }
    return value;
  }
}
