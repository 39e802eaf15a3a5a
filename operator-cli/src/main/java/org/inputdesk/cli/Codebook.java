package org.inputdesk.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.inputdesk.classifier.DefaultTaxonomy;
import org.inputdesk.classifier.sender.SenderTypes;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Theme;

/**
 * What an operator may write where the pipeline expects an id: the codebook's sender types, ISO
 * 3166-1 alpha-3 countries and the theme ids of a consultation's taxonomy (the default one when it
 * brings none). Each check returns the value as stored or throws a {@link Refusal}.
 */
public final class Codebook {

  /** The sender types of the codebook, in its order; the classifier decides among the same. */
  public static final List<String> SENDER_TYPES = SenderTypes.ALL;

  /** Words operators reach for, and the sender type they mean: a did-you-mean, never accepted. */
  private static final Map<String, String> SENDER_TYPE_WORDS =
      Map.ofEntries(
          Map.entry("government", SenderTypes.MEMBER_STATE),
          Map.entry("state", SenderTypes.MEMBER_STATE),
          Map.entry("mission", SenderTypes.MEMBER_STATE),
          Map.entry("ministry", SenderTypes.MEMBER_STATE),
          Map.entry("observer", SenderTypes.OBSERVER_STATE),
          Map.entry("igo", SenderTypes.IGO),
          Map.entry("un", SenderTypes.UN_ENTITY),
          Map.entry("united-nations", SenderTypes.UN_ENTITY),
          Map.entry("civil-society", SenderTypes.NGO),
          Map.entry("cso", SenderTypes.NGO),
          Map.entry("company", SenderTypes.PRIVATE_SECTOR),
          Map.entry("business", SenderTypes.PRIVATE_SECTOR),
          Map.entry("industry", SenderTypes.PRIVATE_SECTOR),
          Map.entry("university", SenderTypes.ACADEMIA),
          Map.entry("academic", SenderTypes.ACADEMIA),
          Map.entry("person", SenderTypes.INDIVIDUAL),
          Map.entry("citizen", SenderTypes.INDIVIDUAL),
          Map.entry("other", SenderTypes.UNKNOWN));

  private static final Set<String> COUNTRIES = countries();

  /** Alpha-2 codes, lower case, to the alpha-3 code: a did-you-mean. */
  private static final Map<String, String> ALPHA2 = new TreeMap<>();

  /** English country names, lower case, to the alpha-3 code: a did-you-mean. */
  private static final Map<String, String> NAMES = new TreeMap<>();

  static {
    for (final String alpha2 : Locale.getISOCountries()) {
      final Locale country = new Locale.Builder().setRegion(alpha2).build();
      final String alpha3 = country.getISO3Country();
      if (COUNTRIES.contains(alpha3)) {
        ALPHA2.put(alpha2.toLowerCase(Locale.ROOT), alpha3);
        NAMES.put(country.getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), alpha3);
      }
    }
  }

  private Codebook() {}

  /** A sender type of the codebook, lower-cased. */
  public static String senderType(final String field, final String value) {
    final String v = value.strip().toLowerCase(Locale.ROOT);
    if (SENDER_TYPES.contains(v)) {
      return v;
    }
    // a near miss of a type, else of a word for one ("goverment")
    final Optional<String> hint =
        Refusal.nearest(v, SENDER_TYPES)
            .or(
                () ->
                    Optional.ofNullable(SENDER_TYPE_WORDS.get(v.replace(' ', '-')))
                        .or(
                            () ->
                                Refusal.nearest(v, SENDER_TYPE_WORDS.keySet())
                                    .map(SENDER_TYPE_WORDS::get)));
    throw new Refusal(
        field
            + ": '"
            + value
            + "' is not a sender type; allowed: "
            + String.join(", ", SENDER_TYPES)
            + hint.map(h -> "; did you mean '" + h + "'?").orElse(""));
  }

  /** An ISO 3166-1 alpha-3 country code, upper-cased. */
  public static String country(final String field, final String value) {
    final String v = value.strip().toUpperCase(Locale.ROOT);
    if (COUNTRIES.contains(v)) {
      return v;
    }
    final String lower = value.strip().toLowerCase(Locale.ROOT);
    final Optional<String> hint =
        Optional.ofNullable(ALPHA2.get(lower))
            .or(() -> Optional.ofNullable(NAMES.get(lower)))
            .or(
                () ->
                    lower.length() > 3
                        ? Refusal.nearest(lower, NAMES.keySet()).map(NAMES::get)
                        : Optional.empty());
    throw new Refusal(
        field
            + ": '"
            + value
            + "' is not an ISO 3166-1 alpha-3 country code (such as CHE, KEN, SGP; "
            + COUNTRIES.size()
            + " are known)"
            + hint.map(h -> "; did you mean '" + h + "'?").orElse(""));
  }

  /** Whether a code is a known alpha-3 country. */
  public static boolean isCountry(final String code) {
    return COUNTRIES.contains(code);
  }

  /** The theme ids an input of {@code consultation} may carry; null: the default taxonomy's. */
  public static List<String> themeIds(final Consultation consultation) {
    return taxonomy(consultation).stream().map(Theme::getId).toList();
  }

  /** A theme id of the consultation's taxonomy, as written. */
  public static String theme(
      final String field, final String value, final Consultation consultation) {
    final List<String> ids = themeIds(consultation);
    if (ids.contains(value)) {
      return value;
    }
    throw Refusal.notOneOf(field, value, "a theme of " + whose(consultation), ids);
  }

  /** "consultation X" or "the default taxonomy (consultation X has none of its own)". */
  static String whose(final Consultation consultation) {
    if (consultation == null) {
      return "the default taxonomy";
    }
    return consultation.getTaxonomy().isEmpty()
        ? "the default taxonomy (consultation " + consultation.getId() + " has none of its own)"
        : "consultation " + consultation.getId();
  }

  private static List<Theme> taxonomy(final Consultation consultation) {
    return consultation == null || consultation.getTaxonomy().isEmpty()
        ? DefaultTaxonomy.oewg()
        : consultation.getTaxonomy();
  }

  private static Set<String> countries() {
    final Set<String> out =
        new TreeSet<>(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));
    // observer States the codebook names, whichever JDK runs this
    out.add("PSE");
    out.add("VAT");
    return Set.copyOf(out);
  }
}
