package org.inputdesk.publisher.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds postal addresses in text by their common written forms: a house number with a street word
 * ("405 East 42nd Street", "12, rue de la Paix", "Via Roma 12", "Hauptstraße 5", "ул. Тверская, д.
 * 7"), a postcode with its town ("1211 Geneva 10" on a line of its own or after a comma, "New York,
 * NY 10017", "SW1A 2AA") and post office boxes ("P.O. Box 1234", "Case postale 12"). Deliberately
 * narrow: a number next to an ordinary word (paragraph 12, resolution 76/19, the 2030 Agenda) is
 * not an address. Reads strings only.
 */
final class PostalAddresses {

  /** A capitalised word of a name, or an ordinal (42nd). */
  private static final String CAPITALISED = "[\\p{Lu}\\d][\\p{L}\\d'’\\-]*";

  /** Words a street's name is made of: capitalised, or a particle (de la, di, von ...). */
  private static final String NAME_WORD =
      "(?:" + CAPITALISED + "|de|del|des|du|di|da|do|dos|das|la|le|les|van|von|der)";

  /** A four- or five-digit postcode, not a year unless it has a country prefix (CH-2000). */
  private static final String POSTCODE = "(?:[A-Z]{1,2}-\\d{4,5}|(?!(?:19|20)\\d{2}\\b)\\d{4,5})";

  /**
   * One written form of an address, tried only when the text holds one of {@code triggers} (in
   * lower case when {@code lowerCase}): a plain substring search is a hundred times cheaper than
   * the pattern, and the catalogue runs this on every input it reads.
   */
  private record Form(Pattern pattern, boolean lowerCase, List<String> triggers, Pattern gate) {

    static Form always(final String regex) {
      return new Form(Pattern.compile(regex), false, List.of(), null);
    }

    static Form when(final String regex, final boolean lowerCase, final String... triggers) {
      return new Form(Pattern.compile(regex), lowerCase, List.of(triggers), null);
    }

    /**
     * Tried where {@code gate}, a pattern that starts with a literal and so scans fast, is found.
     */
    static Form gated(final String regex, final String gate) {
      return new Form(Pattern.compile(regex), false, List.of(), Pattern.compile(gate));
    }

    boolean worthTrying(final String text, final String lower) {
      if (gate != null) {
        return gate.matcher(text).find();
      }
      if (triggers.isEmpty()) {
        return true;
      }
      final String haystack = lowerCase ? lower : text;
      for (final String t : triggers) {
        if (haystack.contains(t)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final String ROMANCE_STREETS =
      "rue|avenue|av\\.|boulevard|bd|chemin|ch\\.|route|rte|place|quai|allée|impasse|via|viale"
          + "|piazza|corso|rua|avenida|calle";

  private static final String[] STREETS_FIRST = {
    "Calle",
    "C/",
    "Avenida",
    "Avda.",
    "Av.",
    "Carrera",
    "Paseo",
    "Plaza",
    "Via",
    "Viale",
    "Piazza",
    "Corso",
    "Rua",
    "Travessa",
    "Praça",
    "Rue",
    "Avenue",
    "Chemin",
    "Route",
    "Boulevard",
    "Place",
    "Quai"
  };

  private static final String[] COMPOUND_STREETS = {
    "straße", "strasse", "str.", "gasse", "weg", "platz", "allee", "ring", "damm", "laan", "gracht",
    "vej", "gatan", "gata", "veien"
  };

  private static final List<Form> FORMS =
      List.of(
          // 405 East 42nd Street, 1 United Nations Plaza, 221B Baker Street
          Form.when(
              "\\b\\d{1,5}[A-Za-z]?(?:-\\d{1,5})?,?[ \\t]+(?:"
                  + CAPITALISED
                  + "[ \\t]+){0,4}?(?:Street|St\\.|Avenue|Ave\\.?|Road|Rd\\.?|Boulevard|Blvd\\.?"
                  + "|Lane|Drive|Place|Square|Court|Terrace|Crescent|Way|Highway|Parkway"
                  + "|Plaza)\\b",
              false,
              "Street",
              "St.",
              "Ave",
              "Road",
              "Rd",
              "Boulevard",
              "Blvd",
              "Lane",
              "Drive",
              "Place",
              "Square",
              "Court",
              "Terrace",
              "Crescent",
              "Way",
              "Highway",
              "Parkway",
              "Plaza"),
          // 12, rue de la Paix; 8-14 avenue de la Paix; 15 bis chemin des Anémones; 3 via Roma
          Form.when(
              "\\b\\d{1,5}(?:-\\d{1,5})?(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?i:"
                  + ROMANCE_STREETS
                  + ")(?:[ \\t]+"
                  + NAME_WORD
                  + "){1,6}",
              true,
              ROMANCE_STREETS.replace("\\", "").split("\\|")),
          // Calle Mayor 5, Avenida Paulista, 1578, Via Roma 12, Rue du Rhône 8
          Form.when(
              "\\b(?:"
                  + String.join("|", STREETS_FIRST).replace(".", "\\.")
                  + ")(?:[ \\t]+"
                  + NAME_WORD
                  + "){1,5},?[ \\t]+(?:n[º°o.][ \\t]*)?\\d{1,5}[A-Za-z]?\\b",
              false,
              STREETS_FIRST),
          // Hauptstraße 5, Bahnhofstr. 12a, Kirchgasse 3
          Form.when(
              "\\b\\p{Lu}[\\p{L}\\-]*(?:"
                  + String.join("|", COMPOUND_STREETS).replace(".", "\\.")
                  + ")[ \\t]+\\d{1,4}[A-Za-z]?\\b",
              false,
              COMPOUND_STREETS),
          // ул. Тверская, д. 7; проспект Мира, дом 12
          Form.when(
              "(?iu)(?:ул\\.|улица|пр-т|проспект|пер\\.|переулок|наб\\.|набережная)[ \\t]*"
                  + "[\\p{L}\\- ]{2,40},?[ \\t]*(?:д\\.|дом)[ \\t]*\\d{1,4}",
              true,
              "д.",
              "дом"),
          // A line that is a postcode and a town: 1211 Geneva 10, CH-1202 Genève, 75007 Paris
          Form.always(
              "(?m)^[ \\t]*"
                  + POSTCODE
                  + "[ \\t]+\\p{Lu}[\\p{L}'’\\-]+(?:[ \\t]+\\p{L}[\\p{L}'’\\-]*){0,2}"
                  + "(?:[ \\t]+\\d{1,2})?[ \\t]*(?:,[ \\t]*\\p{Lu}[\\p{L} ]+)?[ \\t]*$"),
          // ..., 1211 Geneva 10 (the comma is not part of the address)
          Form.gated(
              ",[ \\t]{0,2}(?<address>"
                  + POSTCODE
                  + "[ \\t]+\\p{Lu}[\\p{L}'’\\-]+(?:[ \\t]+\\d{1,2}\\b)?)",
              ",[ \\t]{0,2}(?:[A-Z]{1,2}-)?\\d{4}"),
          // New York, NY 10017; Washington, DC 20500-0001 (found from the comma, then the town)
          Form.gated(
              "(?<address>(?:\\p{Lu}[\\p{L}.]*[ \\t]){0,3}\\p{Lu}[\\p{L}.]+,[ \\t]*[A-Z]{2}[ \\t]+\\d{5}"
                  + "(?:-\\d{4})?)\\b",
              ",[ \\t]*[A-Z]{2}[ \\t]+\\d{5}"),
          // SW1A 2AA, EC1A 1BB
          Form.always("\\b[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]\\d[A-Z]{2}\\b"),
          // P.O. Box 1234, Case postale 12, Postfach 100, Apartado postal 45
          Form.when(
              "(?i)\\b(?:P\\.?[ \\t]?O\\.?[ \\t]?Box|Post[ \\t]+Office[ \\t]+Box|Postfach"
                  + "|Case[ \\t]+postale|Casilla(?:[ \\t]+de[ \\t]+correo)?"
                  + "|Apartado(?:[ \\t]+(?:postal|de[ \\t]+correos))?|Caixa[ \\t]+postal)[ \\t]*"
                  + "(?:No\\.?[ \\t]*)?\\d{1,6}\\b",
              true,
              "box",
              "postfach",
              "postale",
              "casilla",
              "apartado",
              "caixa"),
          // B.P. 3 (boîte postale)
          Form.when("(?<![\\p{L}.])B\\.P\\.[ \\t]*\\d{1,6}\\b", false, "B.P."));

  private PostalAddresses() {}

  /** Where addresses are, as [start, end) spans in any order (they may overlap). */
  static List<PersonalData.Span> find(final String text) {
    final List<PersonalData.Span> out = new ArrayList<>();
    final String lower = text.toLowerCase(Locale.ROOT);
    for (final Form form : FORMS) {
      if (!form.worthTrying(text, lower)) {
        continue;
      }
      final Matcher m = form.pattern().matcher(text);
      final boolean named = form.pattern().pattern().contains("(?<address>");
      while (m.find()) {
        out.add(
            named
                ? new PersonalData.Span(m.start("address"), m.end("address"))
                : new PersonalData.Span(m.start(), m.end()));
      }
    }
    return out;
  }
}
