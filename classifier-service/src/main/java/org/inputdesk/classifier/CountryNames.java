package org.inputdesk.classifier;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps country names as written in letters and UN usage ("the Islamic Republic of Iran", "Viet
 * Nam") and country-code top-level domains to ISO 3166-1 alpha-3 codes.
 */
public final class CountryNames {

  private static final Map<String, String> BY_NAME = new HashMap<>();
  private static final Map<String, String> DISPLAY = new HashMap<>();

  static {
    for (final String alpha2 : Locale.getISOCountries()) {
      final Locale locale = new Locale("", alpha2);
      final String alpha3 = locale.getISO3Country();
      final String name = locale.getDisplayCountry(Locale.ENGLISH);
      BY_NAME.put(key(name), alpha3);
      BY_NAME.put(key(locale.getDisplayCountry(Locale.FRENCH)), alpha3);
      BY_NAME.put(key(new Locale("", alpha2).getDisplayCountry(new Locale("es"))), alpha3);
      DISPLAY.put(alpha3, name);
    }
    // UN and diplomatic spellings the JDK does not know
    alias("republic of korea", "KOR", "South Korea");
    alias("korea", "KOR", null);
    alias("democratic people's republic of korea", "PRK", "North Korea");
    alias("russian federation", "RUS", "Russia");
    alias("united states of america", "USA", "United States");
    alias("united states", "USA", null);
    alias("united kingdom of great britain and northern ireland", "GBR", "United Kingdom");
    alias("united kingdom", "GBR", null);
    alias("iran (islamic republic of)", "IRN", "Iran");
    alias("islamic republic of iran", "IRN", null);
    alias("viet nam", "VNM", "Viet Nam");
    alias("türkiye", "TUR", "Türkiye");
    alias("turkiye", "TUR", null);
    alias("syrian arab republic", "SYR", "Syria");
    alias("lao people's democratic republic", "LAO", "Laos");
    alias("republic of moldova", "MDA", "Moldova");
    alias("united republic of tanzania", "TZA", "Tanzania");
    alias("bolivia (plurinational state of)", "BOL", "Bolivia");
    alias("plurinational state of bolivia", "BOL", null);
    alias("venezuela (bolivarian republic of)", "VEN", "Venezuela");
    alias("bolivarian republic of venezuela", "VEN", null);
    alias("côte d'ivoire", "CIV", "Côte d'Ivoire");
    alias("cote d'ivoire", "CIV", null);
    alias("czechia", "CZE", "Czechia");
    alias("czech republic", "CZE", null);
    alias("netherlands (kingdom of the)", "NLD", "Netherlands");
    alias("the netherlands", "NLD", null);
    alias("state of palestine", "PSE", "State of Palestine");
    alias("palestine", "PSE", null);
    alias("holy see", "VAT", "Holy See");
    alias("people's republic of china", "CHN", "China");
    alias("democratic republic of the congo", "COD", "Democratic Republic of the Congo");
    alias("republic of the congo", "COG", "Congo");
    alias("congo", "COG", null);
    alias("micronesia (federated states of)", "FSM", "Micronesia");
    alias("eswatini", "SWZ", "Eswatini");
    alias("north macedonia", "MKD", "North Macedonia");
    alias("cabo verde", "CPV", "Cabo Verde");
    alias("brunei darussalam", "BRN", "Brunei Darussalam");
    alias("timor-leste", "TLS", "Timor-Leste");
    alias("myanmar", "MMR", "Myanmar");
  }

  private static final String[] PREFIXES = {
    "the ",
    "la ",
    "le ",
    "l'",
    "el ",
    "islamic republic of ",
    "federal democratic republic of ",
    "democratic socialist republic of ",
    "federal republic of ",
    "people's democratic republic of ",
    "democratic republic of ",
    "arab republic of ",
    "socialist republic of ",
    "bolivarian republic of ",
    "plurinational state of ",
    "hashemite kingdom of ",
    "kingdom of ",
    "republic of ",
    "state of ",
    "sultanate of ",
    "principality of ",
    "grand duchy of ",
    "commonwealth of ",
    "union of ",
    "federation of ",
    "independent state of ",
    "co-operative republic of ",
    "oriental republic of ",
    "united mexican states",
  };

  private CountryNames() {}

  private static void alias(final String name, final String alpha3, final String display) {
    BY_NAME.put(key(name), alpha3);
    if (display != null) {
      DISPLAY.put(alpha3, display);
    }
  }

  private static String key(final String name) {
    return name.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("\\s+", " ").trim();
  }

  /** The alpha-3 code of a country name, formal or short, or empty. */
  public static Optional<String> alpha3(final String name) {
    if (name == null) {
      return Optional.empty();
    }
    String k = key(name).replaceAll("[.,;:]+$", "");
    for (int round = 0; round < 4; round++) {
      final String hit = BY_NAME.get(k);
      if (hit != null) {
        return Optional.of(hit);
      }
      boolean stripped = false;
      for (final String prefix : PREFIXES) {
        if (k.startsWith(prefix) && k.length() > prefix.length()) {
          k = k.substring(prefix.length());
          stripped = true;
          break;
        }
      }
      if (!stripped) {
        break;
      }
    }
    return Optional.empty();
  }

  /** The alpha-3 code of a leading country name in a phrase ("Singapore to the United Nations"). */
  public static Optional<String> leadingCountry(final String phrase) {
    final String[] words = key(phrase).split(" ");
    for (int n = Math.min(words.length, 9); n >= 1; n--) {
      final String candidate = String.join(" ", java.util.Arrays.copyOfRange(words, 0, n));
      final Optional<String> hit = alpha3(candidate);
      if (hit.isPresent()) {
        return hit;
      }
    }
    return Optional.empty();
  }

  /** The common English name of an alpha-3 code. */
  public static String displayName(final String alpha3) {
    return DISPLAY.getOrDefault(alpha3, alpha3);
  }

  /** The alpha-3 code of a country-code TLD ({@code sg}, {@code uk}), or empty. */
  public static Optional<String> fromTld(final String tld) {
    if (tld == null || tld.length() != 2) {
      return Optional.empty();
    }
    final String alpha2 = "uk".equals(tld) ? "GB" : tld.toUpperCase(Locale.ROOT);
    for (final String known : Locale.getISOCountries()) {
      if (known.equals(alpha2)) {
        return Optional.of(new Locale("", alpha2).getISO3Country());
      }
    }
    return Optional.empty();
  }
}
