package org.inputdesk.publisher.render;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.inputdesk.publisher.store.Catalogue;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Theme;

/** Words shown for ids: sender types, languages, themes, dates. Reads and writes nothing. */
public final class Labels {

  private static final Map<String, String> SENDER_TYPES =
      Map.ofEntries(
          Map.entry("member-state", "Member State"),
          Map.entry("observer-state", "Observer State"),
          Map.entry("intergovernmental-organization", "Intergovernmental organisation"),
          Map.entry("un-entity", "UN entity"),
          Map.entry("ngo", "Non-governmental organisation"),
          Map.entry("private-sector", "Private sector"),
          Map.entry("academia", "Academia"),
          Map.entry("technical-community", "Technical community"),
          Map.entry("individual", "Individual"),
          Map.entry("unknown", "Other"));

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

  private Labels() {}

  public static String senderType(final String id) {
    return SENDER_TYPES.getOrDefault(id, id);
  }

  public static String language(final String code) {
    if (code == null || code.isBlank()) {
      return "Unknown";
    }
    final String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
    return name.isEmpty() ? code : name;
  }

  public static String theme(final Consultation consultation, final String id) {
    if (consultation != null) {
      for (final Theme theme : consultation.getTaxonomy()) {
        if (theme.getId().equals(id)) {
          return theme.getLabel();
        }
      }
    }
    return id;
  }

  /**
   * The title of a consultation's page: its own title, followed by ": written inputs" unless it
   * already says so.
   */
  public static String pageTitle(final Consultation c) {
    return c.getTitle().toLowerCase(Locale.ROOT).contains("written input")
        ? c.getTitle()
        : c.getTitle() + ": written inputs";
  }

  /** A campaign's name: its representative's title, else its size. */
  public static String campaign(final Consultation c, final Catalogue.Campaign campaign) {
    final String title = campaign.title(c);
    if (title != null) {
      return title;
    }
    return "Campaign of " + campaign.size() + (campaign.size() == 1 ? " input" : " inputs");
  }

  public static String late(final String value) {
    return "true".equals(value) ? "Received after the deadline" : "Received on time";
  }

  /** The deadline as the consultation states it: in its own time zone, with the zone named. */
  public static String deadline(final Consultation c) {
    if (c.getDeadline() == null) {
      return "";
    }
    final ZoneId zone;
    try {
      zone = ZoneId.of(c.getTimeZone());
    } catch (DateTimeException e) {
      return DAY_TIME.withZone(ZoneOffset.UTC).format(c.getDeadline()) + " UTC";
    }
    return DAY_TIME.withZone(zone).format(c.getDeadline())
        + " ("
        + zone.getId().replace('_', ' ')
        + " time)";
  }

  public static String day(final Instant instant) {
    return instant == null ? "" : DAY.format(instant);
  }
}
