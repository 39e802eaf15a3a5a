package org.inputdesk.publisher.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.schemas.Consultation;

/**
 * Personal data in published text, in one place: phone numbers ({@link PhoneNumbers}), postal
 * addresses ({@link PostalAddresses}) and an individual's signature block ({@link Signatures}) are
 * removed when the consultation's policy {@code personalData} is {@code remove} (the default) and
 * kept when it is {@code keep}. Email addresses are always removed, before this ({@link
 * Sanitiser}). The catalogue keeps each input's text both ways ({@link PublicEntry#from}), so the
 * page and both feeds pick the one the policy asks for at the moment they are shown ({@link
 * #shown}). Reads and writes strings only.
 */
public final class PersonalData {

  public static final String PHONE = "[phone number removed]";
  public static final String ADDRESS = "[postal address removed]";
  public static final String SIGNATURE = "[signature removed]";

  /**
   * Where national numbers (written without a country code) are taken to be dialled when the
   * sender's country is not known: Switzerland, where the UN Office at Geneva and most calls for
   * written inputs are. Its international prefix 00 is the one most of the world uses, so "00 41
   * ..." and "0041 ..." are found too; numbers written with + are found whatever the region.
   */
  static final String DEFAULT_REGION = "CH";

  private PersonalData() {}

  /** A [start, end) range of a text. */
  record Span(int start, int end) {}

  /** Whether the consultation asks for personal data to be removed (anything but "keep"). */
  public static boolean removes(final Consultation c) {
    final String policy = c == null ? null : c.getPolicy().getPersonalData();
    return policy == null || !policy.trim().toLowerCase(Locale.ROOT).equals("keep");
  }

  /** The entry as the page and feeds of its consultation show it: as its policy says. */
  public static PublicEntry shown(final Consultation c, final PublicEntry entry) {
    return removes(c) ? entry.withoutPersonalData() : entry;
  }

  /**
   * The text with phone numbers and postal addresses replaced, and for an individual the signature
   * block after the closing; {@code country} (ISO 3166, may be null) is where national numbers are
   * taken to be dialled.
   */
  public static String remove(final String text, final String country, final boolean individual) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (individual) {
      final OptionalInt signature = Signatures.start(out);
      if (signature.isPresent()) {
        final int at = signature.getAsInt();
        out =
            out.substring(0, at)
                + (at < out.length() && out.charAt(at) == '\n' ? "\n" : "")
                + SIGNATURE;
      }
    }
    return removeInline(out, country);
  }

  /** A line of text (a subject) with phone numbers and postal addresses replaced. */
  public static String removeInline(final String text, final String country) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    final String region =
        PhoneNumbers.knownRegion(country) ? country.toUpperCase(Locale.ROOT) : DEFAULT_REGION;
    final List<Marked> found = new ArrayList<>();
    for (final Span s : PostalAddresses.find(text)) {
      found.add(new Marked(s, ADDRESS));
    }
    for (final Span s : PhoneNumbers.find(text, region)) {
      found.add(new Marked(s, PHONE));
    }
    return replace(text, merge(text, found));
  }

  private record Marked(Span span, String marker) {}

  /**
   * Overlapping finds become one; finds of the same kind separated only by commas and white space
   * (an address over several lines) too.
   */
  private static List<Marked> merge(final String text, final List<Marked> found) {
    found.sort(Comparator.comparingInt((Marked m) -> m.span().start()));
    final List<Marked> out = new ArrayList<>();
    for (final Marked m : found) {
      if (!out.isEmpty()) {
        final Marked last = out.get(out.size() - 1);
        final boolean overlaps = m.span().start() < last.span().end();
        final boolean adjacent =
            m.marker().equals(last.marker())
                && m.span().start() >= last.span().end()
                && text.substring(last.span().end(), m.span().start()).matches("[\\s,;]*");
        if (overlaps || adjacent) {
          out.set(
              out.size() - 1,
              new Marked(
                  new Span(last.span().start(), Math.max(last.span().end(), m.span().end())),
                  // An address that holds a number is still an address.
                  overlaps && m.marker().equals(ADDRESS) ? ADDRESS : last.marker()));
          continue;
        }
      }
      out.add(m);
    }
    return out;
  }

  private static String replace(final String text, final List<Marked> marks) {
    if (marks.isEmpty()) {
      return text;
    }
    final StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (final Marked m : marks) {
      out.append(text, at, m.span().start()).append(m.marker());
      at = m.span().end();
    }
    return out.append(text, at, text.length()).toString();
  }
}
